"""Texts of domain refusals in each UI language, keyed by error code.

Both surfaces show the same sentence: the API in `userErrors.message`, the portal in its
form message. zh is the manual's language and the default.
"""

from __future__ import annotations

from models.enums import ClaimStatus, Lang, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.labels import label

TEMPLATES: dict[ErrorCode, dict[Lang, str]] = {
    ErrorCode.CLAIM_NOT_WITHDRAWABLE: {
        Lang.ZH: "处理状态为「{status_label}」({status})的投诉不能在此撤回。"
        "请通过 {inquiry_path} 进行咨询。",
        Lang.JA: "処理状態「{status_label}」({status})のクレームはここでは撤回できません。"
        "{inquiry_path} からお問い合わせください。",
        Lang.EN: "A claim in status {status} ({status_label}) cannot be withdrawn here. "
        "Please ask through {inquiry_path}.",
    },
    ErrorCode.WITHDRAWAL_ALREADY_PENDING: {
        Lang.ZH: "该投诉已有撤回要请（{state_label}），不能重复提出。",
        Lang.JA: "このクレームには既に撤回要請（{state_label}）があります。",
        Lang.EN: "This claim already has a withdrawal request ({state}).",
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
}


def input_refusal(field: str | None, key: str, **params: str) -> DomainError:
    """An INVALID_INPUT whose sentence is `INPUT_TEMPLATES[key]`; its own message is the
    English one, like every other input refusal."""
    return keyed_refusal(ErrorCode.INVALID_INPUT, key, field, **params)


def keyed_refusal(
    code: ErrorCode, key: str, field: str | None = None, **params: str
) -> DomainError:
    """A refusal with `code` whose sentence is `INPUT_TEMPLATES[key]` in the reader's
    language (the error's own message is the English one, for logs)."""
    message = INPUT_TEMPLATES[key][Lang.EN].format(**params)
    return DomainError(code, message, field=field, params={"message_key": key, **params})


def localized(error: DomainError, lang: Lang | str = Lang.ZH) -> str:
    """The error's sentence in `lang` (labels in `lang` too), else its own message."""
    by_lang = INPUT_TEMPLATES.get(error.params.get("message_key", "")) or TEMPLATES.get(error.code)
    if not by_lang:
        return error.message
    try:
        language = Lang(lang)
    except ValueError:
        language = Lang.ZH
    params = dict(error.params)
    if "status" in params:
        params["status_label"] = label(ClaimStatus(params["status"]), language)
    if "state" in params:
        params["state_label"] = label(WithdrawalState(params["state"]), language)
    return by_lang.get(language, by_lang[Lang.ZH]).format(**params)


def refusal(code: ErrorCode, field: str | None = None, **params: str) -> DomainError:
    """A domain error whose message is the zh template filled with `params`."""
    template = TEMPLATES[code][Lang.ZH]
    return DomainError(code, template.format(**params), field=field, params=params)
