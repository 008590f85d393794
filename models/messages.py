"""Every sentence the domain writes for a person, in zh, ja and en: refusals (by error
code, or by catalogue key for the finer ones) and Qpost / MyQoo10 notices (by kind).

Both surfaces show the same sentence: the API in `userErrors.message` / `errors.message` /
`Notification.text`, the portal in its form message. zh is the manual's language and the
default. A sentence names a status by its label in the reader's language, never by its
code, and is in one language only (tests/models/test_message_catalogue.py renders them all).
"""

from __future__ import annotations

from collections import defaultdict

from models.enums import ClaimStatus, Lang, NotificationKind, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.labels import as_lang, label
from models.policy import INQUIRY_PATH

#: Where a blocked claim's seller asks instead (the inquiry form's menu, category and
#: sub-category), in each language; zh is the manual's (policy.INQUIRY_PATH).
INQUIRY_PATHS: dict[Lang, str] = {
    Lang.ZH: INQUIRY_PATH,
    Lang.JA: "Qoo10へ問い合わせ > 返金・クレーム撤回 > クレーム撤回",
    Lang.EN: "Ask Qoo10 > Refund and claim withdrawal > Claim withdrawal",
}

TEMPLATES: dict[ErrorCode, dict[Lang, str]] = {
    ErrorCode.CLAIM_NOT_WITHDRAWABLE: {
        Lang.ZH: "处理状态为「{status_label}」的投诉不能在此撤回。请通过 {inquiry_path} 进行咨询。",
        Lang.JA: "処理状態「{status_label}」のクレームはここでは撤回できません。"
        "{inquiry_path} からお問い合わせください。",
        Lang.EN: 'A claim in status "{status_label}" cannot be withdrawn here. '
        "Please ask through {inquiry_path}.",
    },
    ErrorCode.WITHDRAWAL_ALREADY_PENDING: {
        Lang.ZH: "该投诉已有撤回要请（{state_label}），不能重复提出。",
        Lang.JA: "このクレームには既に撤回要請（{state_label}）があります。",
        Lang.EN: "This claim already has a withdrawal request ({state_label}).",
    },
    ErrorCode.NO_PENDING_WITHDRAWAL: {
        Lang.ZH: "该投诉没有可以取消或回应的撤回要请。",
        Lang.JA: "取消または回答できる撤回要請がありません。",
        Lang.EN: "There is no pending withdrawal request on this claim.",
    },
    ErrorCode.WITHDRAWAL_NOT_ON_HOLD: {
        Lang.ZH: "只有被客户拒绝（撤回保留）的撤回要请才能再次要请撤回。",
        Lang.JA: "撤回保留中の撤回要請のみ再要請できます。",
        Lang.EN: "Only a request the buyer rejected (on hold) can be re-requested.",
    },
    ErrorCode.COOLDOWN_ACTIVE: {
        Lang.ZH: "取消撤回要请后5天以内不能再次提出撤回申请。{allowed_on} 起可以再次提出。",
        Lang.JA: "撤回要請の取消後は再度要請できません。{allowed_on} から要請できます。",
        Lang.EN: "A new withdrawal request is possible from {allowed_on}.",
    },
    ErrorCode.SHIPMENT_BLOCKED: {
        Lang.ZH: "订单 {order_no} 有处理中的取消投诉（{status_label}），不能填写运送单号。"
        "请先向客户提出撤回要请，或完成取消处理。",
        Lang.JA: "注文 {order_no} には処理中のキャンセル（{status_label}）があるため、"
        "送り状番号を登録できません。撤回要請を出すか、キャンセルを完了してください。",
        Lang.EN: "Order {order_no} has an open cancellation ({status_label}), so no tracking "
        "number can be entered. Ask the buyer to withdraw it, or complete the cancellation.",
    },
    ErrorCode.OPEN_CLAIM_EXISTS: {
        Lang.ZH: "订单 {order_no} 已有处理中的投诉。",
        Lang.JA: "注文 {order_no} には処理中のクレームがあります。",
        Lang.EN: "Order {order_no} already has an open claim.",
    },
    ErrorCode.DATABASE_BUSY: {
        Lang.ZH: "系统正忙（数据被其他操作锁定），请稍后重试。没有做任何更改。",
        Lang.JA: "システムが混み合っています（データが他の処理でロック中）。しばらくしてから再度お試しください。変更は行われていません。",
        Lang.EN: "The system is busy (the data is locked by another operation). Nothing was "
        "changed; please try again in a moment.",
    },
    ErrorCode.DATABASE_UNAVAILABLE: {
        Lang.ZH: "数据库暂时无法连接，请稍后重试。没有做任何更改。",
        Lang.JA: "データベースに一時的に接続できません。しばらくしてから再度お試しください。変更は行われていません。",
        Lang.EN: "The database cannot be reached right now. Nothing was changed; please try "
        "again in a moment.",
    },
    ErrorCode.TIMEOUT: {
        Lang.ZH: "处理超时，已中止。请确认结果后重试。",
        Lang.JA: "処理がタイムアウトしたため中止しました。結果を確認してから再度お試しください。",
        Lang.EN: "The request took too long and was stopped. Please check the result and "
        "try again.",
    },
    ErrorCode.TOO_MANY_ATTEMPTS: {
        Lang.ZH: "登录失败次数过多，请在{seconds}秒后再试。",
        Lang.JA: "ログインの失敗が続いたため、{seconds}秒後に再度お試しください。",
        Lang.EN: "Too many failed sign-ins; try again in {seconds} s.",
    },
    ErrorCode.RESPONSE_WINDOW_CLOSED: {
        Lang.ZH: "客户回应期限（{deadline}）已过，该投诉已自动撤回。",
        Lang.JA: "顧客回答期限（{deadline}）を過ぎたため、自動的に撤回されました。",
        Lang.EN: "The response deadline ({deadline}) has passed; the claim was withdrawn.",
    },
    # The generic sentence of each remaining code, for a refusal without a catalogue key
    # of its own (INVALID_INPUT has no generic one: the portal prefixes the field's name).
    ErrorCode.NOT_FOUND: {
        Lang.ZH: "找不到指定的对象。",
        Lang.JA: "指定されたものが見つかりません。",
        Lang.EN: "What you asked for was not found.",
    },
    ErrorCode.UNAUTHENTICATED: {
        Lang.ZH: "请先登录。",
        Lang.JA: "ログインしてください。",
        Lang.EN: "Sign in to use this.",
    },
    ErrorCode.INVALID_TRANSITION: {
        Lang.ZH: "该投诉当前的处理状态不允许此操作。",
        Lang.JA: "クレームの現在の処理状態ではこの操作はできません。",
        Lang.EN: "The claim's current status does not allow this change.",
    },
    ErrorCode.CONFLICT: {
        Lang.ZH: "数据正在被其他操作修改，请稍后重试。",
        Lang.JA: "データが他の操作で変更中です。もう一度お試しください。",
        Lang.EN: "Someone else is changing this right now; please try again.",
    },
    ErrorCode.IDEMPOTENCY_KEY_REUSED: {
        Lang.ZH: "该幂等键已用于其他操作或其他投诉，请使用新的幂等键。",
        Lang.JA: "この冪等キーは別の操作または別のクレームで使用済みです。新しいキーを使ってください。",
        Lang.EN: "This idempotency key was already used for another operation or claim; "
        "use a new key.",
    },
}


#: INVALID_INPUT refusals with a catalogued sentence: the error names its key in
#: `params["message_key"]` (see `input_refusal`), so both surfaces show it translated.
INPUT_TEMPLATES: dict[str, dict[Lang, str]] = {
    "seller_message.required": {
        Lang.ZH: "请填写卖家留言。",
        Lang.JA: "販売者メッセージを入力してください。",
        Lang.EN: "The seller message is required.",
    },
    "seller_message.too_long": {
        Lang.ZH: "卖家留言最多{max}字（现在{length}字）。",
        Lang.JA: "販売者メッセージは{max}文字までです（現在{length}文字）。",
        Lang.EN: "The seller message may have at most {max} characters (got {length}).",
    },
    "tracking_no.format": {
        Lang.ZH: "运送单号只能包含字母、数字和连字符。",
        Lang.JA: "送り状番号には英数字とハイフンのみ使えます。",
        Lang.EN: "Tracking numbers use letters, digits and '-'.",
    },
    "rejection.reason_required": {
        Lang.ZH: "请选择拒绝理由。",
        Lang.JA: "拒否理由を選んでください。",
        Lang.EN: "Choose a reason for the rejection.",
    },
    "signin.wrong": {
        Lang.ZH: "登录ID或密码错误。",
        Lang.JA: "ログインIDまたはパスワードが違います。",
        Lang.EN: "The login id or the password is wrong.",
    },
    "signin.required": {
        Lang.ZH: "请先登录。",
        Lang.JA: "ログインしてください。",
        Lang.EN: "Sign in to use this.",
    },
    "signin.required_seller": {
        Lang.ZH: "请以卖家身份登录。",
        Lang.JA: "販売者としてログインしてください。",
        Lang.EN: "Sign in as a seller to use this.",
    },
    "signin.required_buyer": {
        Lang.ZH: "请以买家身份登录。",
        Lang.JA: "購入者としてログインしてください。",
        Lang.EN: "Sign in as a buyer to use this.",
    },
    "attachment.type": {
        Lang.ZH: "只接受 PNG、JPEG、GIF、WebP 和 PDF 文件（按文件内容判断，而不是文件名）。",
        Lang.JA: "PNG・JPEG・GIF・WebP・PDF ファイルのみ受け付けます（ファイル名ではなく内容で判定します）。",
        Lang.EN: "Only PNG, JPEG, GIF, WebP and PDF files are accepted (judged by their "
        "content, not their name).",
    },
    "attachment.empty": {
        Lang.ZH: "文件是空的。",
        Lang.JA: "ファイルが空です。",
        Lang.EN: "The file is empty.",
    },
    "attachment.too_large": {
        Lang.ZH: "文件超过 {max_mb} MB。",
        Lang.JA: "ファイルが {max_mb} MB を超えています。",
        Lang.EN: "The file is larger than {max_mb} MB.",
    },
    "input.invalid": {
        Lang.ZH: "输入内容无效。",
        Lang.JA: "入力内容が正しくありません。",
        Lang.EN: "This value is not valid.",
    },
    "signin.nobody": {
        Lang.ZH: "当前没有登录的用户。",
        Lang.JA: "ログインしている人はいません。",
        Lang.EN: "Nobody is signed in.",
    },
    "text.required": {
        Lang.ZH: "此项为必填项。",
        Lang.JA: "必須項目です。",
        Lang.EN: "This is required.",
    },
    "text.too_long": {
        Lang.ZH: "最多{max}个字符。",
        Lang.JA: "{max}文字以内で入力してください。",
        Lang.EN: "At most {max} characters.",
    },
    "text.control_chars": {
        Lang.ZH: "不能包含控制字符。",
        Lang.JA: "制御文字は使えません。",
        Lang.EN: "Control characters are not allowed.",
    },
    "text.printable_max": {
        Lang.ZH: "最多{max}个可打印字符。",
        Lang.JA: "印字可能な文字で{max}文字以内にしてください。",
        Lang.EN: "At most {max} printable characters.",
    },
    "value.unknown": {
        Lang.ZH: "该值不在可选范围内。",
        Lang.JA: "選択できない値です。",
        Lang.EN: "This value is not one of the choices.",
    },
    "values.too_many": {
        Lang.ZH: "最多可指定{max}个值。",
        Lang.JA: "指定できる値は{max}個までです。",
        Lang.EN: "At most {max} values.",
    },
    "date.out_of_range": {
        Lang.ZH: "日期必须在 {min} 到 {max} 之间。",
        Lang.JA: "日付は {min} から {max} までの範囲で指定してください。",
        Lang.EN: "The date must be between {min} and {max}.",
    },
    "date_range.reversed": {
        Lang.ZH: "开始日期晚于结束日期。",
        Lang.JA: "開始日が終了日より後になっています。",
        Lang.EN: "The start date is after the end date.",
    },
    "memo.none_selected": {
        Lang.ZH: "请先选择纸条。",
        Lang.JA: "メモを選択してください。",
        Lang.EN: "Select at least one memo first.",
    },
    "memo.too_many": {
        Lang.ZH: "一次最多可以选择{max}条纸条。",
        Lang.JA: "一度に選択できるメモは{max}件までです。",
        Lang.EN: "At most {max} memos at a time.",
    },
    "memo.save_reply_seller": {
        Lang.ZH: "只有卖家可以保存常用回复。",
        Lang.JA: "定型文を保存できるのは販売者だけです。",
        Lang.EN: "Only a seller can save a reply for reuse.",
    },
    "memo_box.after_and_before": {
        Lang.ZH: "after 和 before 只能指定其中一个。",
        Lang.JA: "after と before はどちらか一方だけ指定してください。",
        Lang.EN: "Give either after or before, not both.",
    },
    "memo_box.page_size": {
        Lang.ZH: "每页可以显示1到{max}条。",
        Lang.JA: "1ページに表示できるのは1〜{max}件です。",
        Lang.EN: "A page holds 1 to {max} rows.",
    },
    "memos.inquiry_channel": {
        Lang.ZH: "Qoo10咨询记录不是纸条，请使用 memoBox 查询。",
        Lang.JA: "Qoo10問い合わせ履歴はメモではありません。memoBox で照会してください。",
        Lang.EN: "Qoo10 inquiry records are not memos; query them with memoBox.",
    },
    "cursor.foreign": {
        Lang.ZH: "该游标不是本接口发出的。",
        Lang.JA: "このAPIが発行したカーソルではありません。",
        Lang.EN: "The cursor is not one this API gave out.",
    },
    "page_size.negative": {
        Lang.ZH: "每页条数不能为负数。",
        Lang.JA: "件数に負の値は指定できません。",
        Lang.EN: "The page size must not be negative.",
    },
    "cursor.other_sort": {
        Lang.ZH: "该游标属于另一种排序，请从第一页重新开始。",
        Lang.JA: "このカーソルは別の並び順のものです。最初のページからやり直してください。",
        Lang.EN: "The cursor belongs to another sort order; start again from the first page.",
    },
    "page.both_directions": {
        Lang.ZH: "请只指定一个翻页方向（first/after 或 last/before）。",
        Lang.JA: "ページ送りの方向は一つだけ指定してください（first/after か last/before）。",
        Lang.EN: "Page in one direction only: first/after or last/before.",
    },
    "deadline_days.range": {
        Lang.ZH: "期限天数必须在 0 到 {max} 之间。",
        Lang.JA: "期限までの日数は 0 から {max} の間で指定してください。",
        Lang.EN: "The number of days to the deadline must be between 0 and {max}.",
    },
    "bulk.target_one": {
        Lang.ZH: "请选择投诉或指定查询条件（二者选一）。",
        Lang.JA: "クレームを選ぶか、検索条件を指定してください（どちらか一方）。",
        Lang.EN: "Name either the claims or a query, not both.",
    },
    "bulk.none_selected": {
        Lang.ZH: "请先选择要撤回要请的投诉。",
        Lang.JA: "撤回要請するクレームを選んでください。",
        Lang.EN: "Select the claims to ask for withdrawal first.",
    },
    "bulk.too_many": {
        Lang.ZH: "选择了 {count} 件；一次最多可以撤回要请 {max} 件。",
        Lang.JA: "{count} 件選択されています。一度に撤回要請できるのは {max} 件までです。",
        Lang.EN: "{count} claims are selected; at most {max} can be asked at once.",
    },
    "bulk.filter_too_many": {
        Lang.ZH: "有 {count} 件投诉符合查询条件，一次最多可以撤回要请 {max} 件。"
        "请缩小查询条件（例如日期或处理状态）后再试。",
        Lang.JA: "{count} 件のクレームが条件に一致します。一度に撤回要請できるのは {max} 件までです。"
        "日付や処理状態などで条件を絞り込んでください。",
        Lang.EN: "{count} claims match this query; at most {max} can be asked at once. "
        "Narrow the query (by date or status, say) and try again.",
    },
    "bulk.filter_empty": {
        Lang.ZH: "没有符合查询条件的投诉。",
        Lang.JA: "条件に一致するクレームはありません。",
        Lang.EN: "No claim matches this query.",
    },
    "id.foreign": {
        Lang.ZH: "这不是本接口发出的ID。",
        Lang.JA: "このAPIが発行したIDではありません。",
        Lang.EN: "This is not an ID this API gave out.",
    },
    "idempotency_key.length": {
        Lang.ZH: "幂等键必须为1至{max}个字符。",
        Lang.JA: "冪等キーは1〜{max}文字で指定してください。",
        Lang.EN: "The idempotency key must be 1 to {max} characters.",
    },
    "inquiry.lang": {
        Lang.ZH: "请选择日语、中文、韩语或英语。",
        Lang.JA: "日本語・中国語・韓国語・英語から選んでください。",
        Lang.EN: "Choose Japanese, Chinese, Korean or English.",
    },
    "attachment.multipart": {
        Lang.ZH: "请以multipart文件上传附件。",
        Lang.JA: "添付ファイルはmultipartのファイルとして送ってください。",
        Lang.EN: "Send the attachment as a multipart file.",
    },
    "claim.withdraw_via_flow": {
        Lang.ZH: "投诉只能通过撤回流程撤回。",
        Lang.JA: "クレームは撤回の手続きでのみ撤回できます。",
        Lang.EN: "A claim is withdrawn only through the withdrawal flow.",
    },
    "transition.unreachable": {
        Lang.ZH: "该投诉不能变更为「{status_label}」。",
        Lang.JA: "このクレームは「{status_label}」に変更できません。",
        Lang.EN: 'This claim cannot move to "{status_label}".',
    },
    "transition.closed": {
        Lang.ZH: "处理状态为「{status_label}」的投诉已结束，不能再变更。",
        Lang.JA: "処理状態「{status_label}」のクレームは終了しているため変更できません。",
        Lang.EN: 'The claim is closed ("{status_label}") and cannot change.',
    },
    "transition.refund_not_cancelling": {
        Lang.ZH: "只有取消中的投诉才能退款（当前为「{status_label}」）。",
        Lang.JA: "返金できるのはキャンセル中のクレームのみです（現在「{status_label}」）。",
        Lang.EN: 'Only a cancellation in progress can be refunded (now "{status_label}").',
    },
    "transition.complete_cancel": {
        Lang.ZH: "只有客户刚提出的取消投诉才能完成取消（当前为「{status_label}」）。",
        Lang.JA: "完了できるのは顧客が申請したばかりのキャンセルのみです（現在「{status_label}」）。",
        Lang.EN: 'Only a cancellation the buyer just requested can be completed (now "{status_label}").',
    },
    # What happened to a claim that can no longer be withdrawn because it is over (issue
    # 12): said instead of the inquiry advice, which is only for claims still in progress.
    "claim.closed.accepted": {
        Lang.ZH: "客户已于 {on} 同意撤回要请，该投诉已撤回，无需再做处理。",
        Lang.JA: "顧客が {on} に撤回要請に同意し、クレームは撤回されました。これ以上の対応は不要です。",
        Lang.EN: "The buyer accepted the withdrawal request on {on}; the claim is withdrawn "
        "and nothing more is needed.",
    },
    "claim.closed.expired": {
        Lang.ZH: "客户在回应期限（{deadline}）之前没有回应，该投诉已于 {on} 自动撤回。",
        Lang.JA: "顧客が回答期限（{deadline}）までに回答しなかったため、クレームは {on} に"
        "自動的に撤回されました。",
        Lang.EN: "The buyer did not answer by the deadline ({deadline}); the claim was "
        "withdrawn automatically on {on}.",
    },
    "claim.closed.withdrawn": {
        Lang.ZH: "该投诉已于 {on} 撤回，无需再做处理。",
        Lang.JA: "このクレームは {on} に撤回されました。これ以上の対応は不要です。",
        Lang.EN: "The claim was withdrawn on {on}; nothing more is needed.",
    },
    "claim.closed.completed": {
        Lang.ZH: "处理状态为「{status_label}」的投诉已于 {on} 处理完毕，不能在此撤回。"
        "如需撤回，请通过 {inquiry_path} 进行咨询。",
        Lang.JA: "処理状態「{status_label}」のクレームは {on} に処理が完了しているため、"
        "ここでは撤回できません。撤回が必要な場合は {inquiry_path} からお問い合わせください。",
        Lang.EN: 'The claim in status "{status_label}" was completed on {on} and cannot be '
        "withdrawn here. To withdraw it, please ask through {inquiry_path}.",
    },
    # A stale action (the page showed a round that changed meanwhile): what happened.
    "withdrawal.changed.held": {
        Lang.ZH: "客户已于 {on} 拒绝了撤回要请，该要请现为撤回保留。可以再次要请撤回，或取消撤回要请。",
        Lang.JA: "顧客が {on} に撤回要請を拒否したため、要請は撤回保留になっています。"
        "再要請するか、撤回要請を取り消せます。",
        Lang.EN: "The buyer rejected the withdrawal request on {on}; it is now on hold. You "
        "can re-request the withdrawal or cancel the request.",
    },
    "withdrawal.changed.accepted": {
        Lang.ZH: "客户已于 {on} 同意撤回要请，该投诉已撤回。",
        Lang.JA: "顧客が {on} に撤回要請に同意し、クレームは撤回されました。",
        Lang.EN: "The buyer accepted the withdrawal request on {on}; the claim is withdrawn.",
    },
    "withdrawal.changed.expired": {
        Lang.ZH: "客户回应期限（{deadline}）已过，该投诉已于 {on} 自动撤回。",
        Lang.JA: "顧客の回答期限（{deadline}）を過ぎたため、クレームは {on} に自動的に撤回されました。",
        Lang.EN: "The response deadline ({deadline}) passed; the claim was withdrawn "
        "automatically on {on}.",
    },
    "withdrawal.changed.cancelled": {
        Lang.ZH: "撤回要请已于 {on} 被取消。",
        Lang.JA: "撤回要請は {on} に取り消されました。",
        Lang.EN: "The withdrawal request was cancelled on {on}.",
    },
    "withdrawal.changed.void": {
        Lang.ZH: "投诉的处理状态已变更，撤回要请已于 {on} 失效。",
        Lang.JA: "クレームの処理状態が変わったため、撤回要請は {on} に無効になりました。",
        Lang.EN: "The claim's status changed; the withdrawal request became void on {on}.",
    },
    "withdrawal.changed.requested": {
        Lang.ZH: "已于 {on} 提出新的撤回要请（第{round}次），客户回应期限为 {deadline}。",
        Lang.JA: "{on} に新しい撤回要請（{round}回目）が出されています。顧客の回答期限は {deadline} です。",
        Lang.EN: "A new withdrawal request (round {round}) was made on {on}; the buyer has "
        "until {deadline} to answer.",
    },
    "conflict.order": {
        Lang.ZH: "订单刚被其他操作修改，请重试。",
        Lang.JA: "注文が他の操作で変更されました。もう一度お試しください。",
        Lang.EN: "The order changed meanwhile; please try again.",
    },
    "not_found.claim": {
        Lang.ZH: "找不到该投诉。",
        Lang.JA: "クレームが見つかりません。",
        Lang.EN: "The claim was not found.",
    },
    "not_found.order": {
        Lang.ZH: "找不到该订单。",
        Lang.JA: "注文が見つかりません。",
        Lang.EN: "The order was not found.",
    },
    "not_found.memo": {
        Lang.ZH: "找不到该纸条。",
        Lang.JA: "メモが見つかりません。",
        Lang.EN: "The memo was not found.",
    },
    "not_found.notification": {
        Lang.ZH: "找不到该通知。",
        Lang.JA: "お知らせが見つかりません。",
        Lang.EN: "The notice was not found.",
    },
    "notices.ids_or_all": {
        Lang.ZH: "请指定要标记为已读的通知，或选择全部标记为已读（二者选一）。",
        Lang.JA: "既読にするお知らせを指定するか、すべて既読にするかのどちらか一方を選んでください。",
        Lang.EN: "Name the notices to mark as read, or mark all of them; one or the other.",
    },
    "notices.too_many": {
        Lang.ZH: "一次最多可标记 {max} 条通知。",
        Lang.JA: "一度に既読にできるお知らせは {max} 件までです。",
        Lang.EN: "At most {max} notices can be marked at once.",
    },
    # ---- webhooks (docs/webhooks.md) ----
    "webhooks.url_invalid": {
        Lang.ZH: "请输入有效的网址（例如 https://example.com/hooks）。",
        Lang.JA: "有効な URL を入力してください（例: https://example.com/hooks）。",
        Lang.EN: "Enter a valid URL (for example https://example.com/hooks).",
    },
    "webhooks.url_scheme": {
        Lang.ZH: "只能使用以 http:// 或 https:// 开头的网址。",
        Lang.JA: "http:// または https:// で始まる URL のみ使えます。",
        Lang.EN: "Only http:// and https:// URLs can receive webhooks.",
    },
    "webhooks.url_unresolvable": {
        Lang.ZH: "无法解析主机名 {host}。",
        Lang.JA: "ホスト名 {host} を解決できません。",
        Lang.EN: "The host name {host} cannot be resolved.",
    },
    "webhooks.url_private": {
        Lang.ZH: "{host} 指向本机、内网或保留地址，不能接收 Webhook。",
        Lang.JA: "{host} はこのサーバー、社内ネットワークまたは予約済みのアドレスを指すため、"
        "Webhook を受け取れません。",
        Lang.EN: "{host} points to this server, a private network or a reserved address, "
        "which cannot receive webhooks.",
    },
    "webhooks.events_empty": {
        Lang.ZH: "请至少选择一个事件。",
        Lang.JA: "イベントを 1 つ以上選んでください。",
        Lang.EN: "Choose at least one event.",
    },
    "webhooks.event_unknown": {
        Lang.ZH: "未知的事件：{value}。",
        Lang.JA: "不明なイベントです: {value}。",
        Lang.EN: "Unknown event: {value}.",
    },
    "webhooks.description_too_long": {
        Lang.ZH: "说明最多 {max} 个字符。",
        Lang.JA: "説明は {max} 文字までです。",
        Lang.EN: "The description takes at most {max} characters.",
    },
    "webhooks.too_many": {
        Lang.ZH: "最多可以登记 {max} 个 Webhook 端点。",
        Lang.JA: "登録できる Webhook エンドポイントは {max} 件までです。",
        Lang.EN: "At most {max} webhook endpoints can be registered.",
    },
    "not_found.webhookendpoint": {
        Lang.ZH: "找不到该 Webhook 端点。",
        Lang.JA: "Webhook エンドポイントが見つかりません。",
        Lang.EN: "The webhook endpoint was not found.",
    },
    "not_found.webhookdelivery": {
        Lang.ZH: "找不到该 Webhook 发送记录。",
        Lang.JA: "Webhook の配信記録が見つかりません。",
        Lang.EN: "The webhook delivery was not found.",
    },
    "node.too_many": {
        Lang.ZH: "nodes 一次最多可以指定 {max} 个 ID；请分批查询。",
        Lang.JA: "nodes で一度に指定できる ID は {max} 個までです。分けて問い合わせてください。",
        Lang.EN: "nodes takes at most {max} IDs per call; fetch them in batches.",
    },
    # exports as jobs (docs/exports.md)
    "export.too_many": {
        Lang.ZH: "已有 {max} 个导出正在进行；请等其中一个完成后再导出。",
        Lang.JA: "実行中のエクスポートが {max} 件あります。どれかが終わってから再度お試しください。",
        Lang.EN: "{max} exports are already running; start another when one of them is done.",
    },
    "export.from_elsewhere": {
        Lang.ZH: "这个导出有 {count} 条，需要在后台生成；请在投诉列表中点击【Excel】开始导出。",
        Lang.JA: "このエクスポートは {count} 件あり、バックグラウンドで作成します。クレーム一覧の【Excel】から開始してください。",
        Lang.EN: "This export has {count} rows and is built in the background; start it with [Excel] on the claims list.",
    },
    "export.selection_too_large": {
        Lang.ZH: "一次最多可选择 {max} 条投诉导出。",
        Lang.JA: "一度に選択してエクスポートできるクレームは {max} 件までです。",
        Lang.EN: "At most {max} selected claims can be exported at once.",
    },
}


def input_refusal(field: str | None, key: str, **params: str) -> DomainError:
    """An INVALID_INPUT whose sentence is `INPUT_TEMPLATES[key]` in the reader's language."""
    return keyed_refusal(ErrorCode.INVALID_INPUT, key, field, **params)


def keyed_refusal(
    code: ErrorCode, key: str, field: str | None = None, **params: str
) -> DomainError:
    """A refusal with `code` whose sentence is `INPUT_TEMPLATES[key]` in the reader's
    language (the error's own message is the English one, for logs)."""
    message = INPUT_TEMPLATES[key][Lang.EN].format(**_with_labels(params, Lang.EN))
    return DomainError(code, message, field=field, params={"message_key": key, **params})


def _with_labels(params: dict[str, str], lang: Lang) -> dict[str, str]:
    """`params` plus the labels of the raw codes in them: a sentence names a status by its
    label in the reader's language, never by its code."""
    filled = dict(params)
    if "inquiry_path" in filled:
        filled["inquiry_path"] = INQUIRY_PATHS[lang]
    if "status" in filled:
        filled["status_label"] = label(ClaimStatus(filled["status"]), lang)
    if "state" in filled:
        filled["state_label"] = label(WithdrawalState(filled["state"]), lang)
    return filled


def localized(error: DomainError, lang: Lang | str = Lang.ZH) -> str:
    """The error's sentence in `lang` (labels in `lang` too): its catalogue key's, else its
    code's. An INVALID_INPUT raised with `errors.invalid` (no key) keeps its English
    message in en and reads as the generic `input.invalid` in zh and ja."""
    language = as_lang(lang)
    by_lang = INPUT_TEMPLATES.get(error.params.get("message_key", "")) or TEMPLATES.get(error.code)
    if not by_lang:
        if language == Lang.EN or error.code != ErrorCode.INVALID_INPUT:
            return error.message
        by_lang = INPUT_TEMPLATES["input.invalid"]
    # a missing value leaves a gap rather than failing the request that reports the error
    return by_lang[language].format_map(defaultdict(str, _with_labels(error.params, language)))


def refusal(code: ErrorCode, field: str | None = None, **params: str) -> DomainError:
    """A domain error with `code`'s sentence. Its own message (logs, the CLI) is the zh
    sentence followed by the raw values, which no reader-facing text shows."""
    sentence = TEMPLATES[code][Lang.ZH].format(**_with_labels(params, Lang.ZH))
    raw = " ".join(f"{name}={value}" for name, value in params.items())
    message = f"{sentence} [{code.value}{' ' + raw if raw else ''}]"
    return DomainError(code, message, field=field, params=params)


#: Qpost / MyQoo10 notices by kind. A notice is stored as its kind plus these parameters
#: (`Notification.params`) and rendered for whoever reads it, in their language.
NOTICE_TEMPLATES: dict[NotificationKind, dict[Lang, str]] = {
    NotificationKind.WITHDRAWAL_REQUESTED: {
        Lang.ZH: "卖家请求撤回订单 {order_no} 的投诉。请在 {deadline} 之前回应。\n{message}",
        Lang.JA: "販売者が注文 {order_no} のクレームの撤回を要請しました。"
        "{deadline} までに回答してください。\n{message}",
        Lang.EN: "The seller asks you to withdraw the claim on order {order_no}. "
        "Please answer by {deadline}.\n{message}",
    },
    NotificationKind.WITHDRAWAL_CANCELLED: {
        Lang.ZH: "卖家已取消订单 {order_no} 的撤回要请。",
        Lang.JA: "販売者が注文 {order_no} の撤回要請を取り消しました。",
        Lang.EN: "The seller cancelled the withdrawal request on order {order_no}.",
    },
    NotificationKind.WITHDRAWAL_ACCEPTED: {
        Lang.ZH: "客户已同意撤回订单 {order_no} 的投诉。",
        Lang.JA: "顧客が注文 {order_no} のクレームの撤回に同意しました。",
        Lang.EN: "The buyer agreed to withdraw the claim on order {order_no}.",
    },
    NotificationKind.WITHDRAWAL_REJECTED: {
        Lang.ZH: "客户拒绝了订单 {order_no} 的撤回要请。",
        Lang.JA: "顧客が注文 {order_no} の撤回要請を拒否しました。",
        Lang.EN: "The buyer rejected the withdrawal request on order {order_no}.",
    },
    NotificationKind.WITHDRAWAL_EXPIRED: {
        Lang.ZH: "订单 {order_no} 的撤回要请已过客户回应期限，投诉已自动撤回。",
        Lang.JA: "注文 {order_no} の撤回要請は顧客の回答期限を過ぎたため、"
        "クレームは自動的に撤回されました。",
        Lang.EN: "The buyer's answer period for the withdrawal request on order {order_no} "
        "has ended; the claim was withdrawn automatically.",
    },
    NotificationKind.WITHDRAWAL_VOIDED: {
        Lang.ZH: "订单 {order_no} 的投诉处理状态已变更，撤回要请已失效。",
        Lang.JA: "注文 {order_no} のクレームの処理状態が変わったため、撤回要請は無効になりました。",
        Lang.EN: "The status of the claim on order {order_no} changed; the withdrawal "
        "request is void.",
    },
    NotificationKind.MEMO_RECEIVED: {
        Lang.ZH: "订单 {order_no} 有新纸条：{title}",
        Lang.JA: "注文 {order_no} に新しいメモがあります：{title}",
        Lang.EN: "New memo on order {order_no}: {title}",
    },
    NotificationKind.WEBHOOK_DISABLED: {
        Lang.ZH: "Webhook 端点 {url} 连续发送失败，已被停用。请检查后重新启用。",
        Lang.JA: "Webhook エンドポイント {url} への配信が続けて失敗したため、無効にしました。"
        "確認のうえ再度有効にしてください。",
        Lang.EN: "Deliveries to the webhook endpoint {url} kept failing, so it was disabled. "
        "Check it and enable it again.",
    },
    NotificationKind.WITHDRAWAL_REQUEST_SENT: {
        Lang.ZH: "已向客户发送订单 {order_no} 的撤回要请。客户回应期限：{deadline}。",
        Lang.JA: "注文 {order_no} の撤回要請を顧客に送りました。顧客の回答期限：{deadline}。",
        Lang.EN: "Your withdrawal request on order {order_no} was sent to the buyer, "
        "who has until {deadline} to answer.",
    },
    NotificationKind.WITHDRAWAL_CANCEL_CONFIRMED: {
        Lang.ZH: "已取消订单 {order_no} 的撤回要请。{allowed_on} 起可再次请求。",
        Lang.JA: "注文 {order_no} の撤回要請を取り消しました。{allowed_on} から再度要請できます。",
        Lang.EN: "You cancelled the withdrawal request on order {order_no}; you can request "
        "again from {allowed_on}.",
    },
    NotificationKind.WITHDRAWAL_ACCEPT_CONFIRMED: {
        Lang.ZH: "您已同意撤回订单 {order_no} 的投诉，投诉已撤回。",
        Lang.JA: "注文 {order_no} のクレームの撤回に同意しました。クレームは撤回されました。",
        Lang.EN: "You agreed to withdraw the claim on order {order_no}; it is withdrawn.",
    },
    NotificationKind.WITHDRAWAL_REJECT_CONFIRMED: {
        Lang.ZH: "您已拒绝订单 {order_no} 的撤回要请，投诉继续处理。",
        Lang.JA: "注文 {order_no} の撤回要請を拒否しました。クレームの処理は続きます。",
        Lang.EN: "You rejected the withdrawal request on order {order_no}; the claim goes on.",
    },
    NotificationKind.WITHDRAWAL_ANSWER_DUE: {
        Lang.ZH: "请在 {deadline} 之前回应订单 {order_no} 的撤回要请。逾期未回应，投诉将自动撤回。",
        Lang.JA: "注文 {order_no} の撤回要請に {deadline} までに回答してください。"
        "期限を過ぎるとクレームは自動的に撤回されます。",
        Lang.EN: "Please answer the withdrawal request on order {order_no} by {deadline}; "
        "without an answer the claim is withdrawn automatically.",
    },
    NotificationKind.WITHDRAWAL_ANSWER_AWAITED: {
        Lang.ZH: "客户尚未回应订单 {order_no} 的撤回要请，回应期限为 {deadline}。",
        Lang.JA: "顧客は注文 {order_no} の撤回要請にまだ回答していません。回答期限は {deadline} です。",
        Lang.EN: "The buyer has not yet answered the withdrawal request on order {order_no}; "
        "they have until {deadline}.",
    },
}


def notice_text(
    kind: NotificationKind | str,
    params: dict[str, str] | None,
    lang: Lang | str = Lang.ZH,
    stored_text: str = "",
) -> str:
    """A notice's sentence in `lang`. A row written before notices kept parameters
    (migration 0004) has none: it shows the zh text it was stored with."""
    if params is None:
        return stored_text
    template = NOTICE_TEMPLATES[NotificationKind(kind)][as_lang(lang)]
    return template.format_map(defaultdict(str, params))
