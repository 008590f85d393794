"""Descriptions for the schema elements whose code gives none: the domain enums' values
(they are `models` enums, which cannot carry Strawberry's `enum_value`), the arguments and
fields every connection and payload repeats, and the rest of what a frontend developer
reads in GraphiQL or in generated code. A description written in the code always wins;
this fills only the gaps, once, when the schema is built (`gql/schema.py`).

Keys are GraphQL schema coordinates: `Type`, `Type.field`, `Type.field(arg:)`,
`Enum.VALUE`, `Input.field`. `tests/gql/test_schema_descriptions.py` fails on an element
with no description and on a key here that names nothing (a renamed field)."""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    specified_scalar_types,
)

from models import policy
from models.grid import GridCell

_TOKYO_DAY = (
    f"a Tokyo business day from {policy.DATE_INPUT_MIN.isoformat()} to "
    f"{policy.DATE_INPUT_MAX.isoformat()} (others are INVALID_INPUT)"
)

DESCRIPTIONS: dict[str, str] = {
    # roots
    "Query": "Reads, for a signed-in viewer (bearer token or session cookie). A field marked "
    "(seller only) or (buyer only) answers UNAUTHENTICATED to the other kind of account; the "
    "others serve both.",
    "Mutation": "Changes. Each takes one `input` and answers a payload whose `userErrors` say "
    "why nothing (or not everything) was done; only `login` works without signing in.",
    "Subscription": "Live updates (graphql-transport-ws or SSE), authenticated like every request.",
    # viewers
    "Viewer.loginId": "The sign-in name (e.g. shop1).",
    "Viewer.kind": "SELLER or BUYER: which fields and mutations the viewer may use.",
    "SellerViewer.shopName": "The shop's name as buyers see it.",
    "BuyerViewer.country": "The buyer's country code (ISO 3166-1 alpha-2, e.g. JP).",
    "ViewerKind.SELLER": "A shop: the seller portal and the seller fields and mutations.",
    "ViewerKind.BUYER": "A customer: MyQoo10 and the buyer fields and mutations.",
    "LoginInput": "Credentials of a demo or real account.",
    "LoginInput.loginId": f"The sign-in name, at most {policy.LOGIN_ID_MAX_LENGTH} characters.",
    "LoginInput.password": f"The password, at most {policy.PASSWORD_MAX_LENGTH} characters.",
    "LoginPayload.viewer": "The signed-in account; null when refused.",
    # claims
    "Claim.type": "Cancel, return, exchange or non-receipt.",
    "Claim.status": "处理状态: where the claim is in its type's flow.",
    "Claim.nonReceiptReason": "未收取申告: the buyer's reason; empty for other claim types.",
    "Claim.nonReceiptType": "未收取申告: the kind of non-receipt; empty for other claim types.",
    "Claim.typeLabel": "The type in `lang`, e.g. 退货 / Return.",
    "Claim.statusLabel": "The status in `lang`, e.g. 退货申请 / Return requested.",
    "Claim.order": "The order the claim is about.",
    "ClaimWithdrawal.state": "Where the round stands: REQUESTED until the buyer answers or "
    "the deadline passes.",
    "ClaimWithdrawal.heldDate": "保留日 as a Tokyo business day; null unless rejected.",
    "ClaimWithdrawal.rejectionReason": "The buyer's reason when they rejected; else null.",
    "ClaimWithdrawal.respondedAt": "When the buyer answered (accepted or rejected); null before.",
    "ClaimWithdrawal.cancelledAt": "When the seller cancelled the request; null otherwise.",
    "ClaimWithdrawal.expiredAt": "When the deadline passed without an answer and the claim "
    "was withdrawn automatically; null otherwise.",
    "ClaimWithdrawal.voidedAt": "When the round became void because the claim left the "
    "withdrawable statuses; null otherwise.",
    "ClaimWithdrawal.stateLabel": "The state in `lang`, e.g. 撤回保留 / On hold.",
    "ClaimEvent.kind": "What happened.",
    "ClaimEvent.actor": "Who did it (SYSTEM for the deadline sweep).",
    "ClaimEvent.fromStatus": "The claim status before; null when the status did not change.",
    "ClaimEvent.toStatus": "The claim status after; null when the status did not change.",
    "ClaimEvent.fromState": "The round's state before; null for a non-withdrawal event.",
    "ClaimEvent.toState": "The round's state after; null for a non-withdrawal event.",
    "ClaimEvent.round": "The withdrawal round concerned (1, 2 …); null for other events.",
    "ClaimEvent.at": "When it happened.",
    "ClaimEvent.label": "The event in `lang`, e.g. 客户拒绝撤回 / Buyer rejected.",
    "ClaimEvent.actorLabel": "The actor in `lang`, e.g. 卖家 / Seller.",
    "RejectionReasonInfo.code": "The reason the buyer picked.",
    "RejectionReasonInfo.text": "The buyer's own words (required for OTHER, else may be empty).",
    "ActionAvailability.action": "The seller's action.",
    "ActionAvailability.allowed": "True when the mutation would be accepted now.",
    "PanelActionAvailability.action": "The panel's button.",
    "PanelActionAvailability.allowed": "True when the operation would be accepted now.",
    # claim list, grid, filters
    "ClaimConnection.edges": "The page's claims, in the asked order.",
    "ClaimEdge": "A claim of the list with its cursor.",
    "ClaimEdge.node": "The claim.",
    "ClaimFilter.types": "Only these claim types; empty or null: every type.",
    "ClaimFilter.statuses": "Only these statuses; empty or null: every status.",
    "ClaimFilter.withdrawalStates": "Only claims whose latest round is in one of these "
    "states; empty or null: any state, claims without a round included.",
    "ClaimFilter.dateFrom": f"From this day (inclusive), {_TOKYO_DAY}.",
    "ClaimFilter.dateTo": f"Up to this day (inclusive), {_TOKYO_DAY}.",
    "ClaimFilter.orderNo": "订购号码, exactly.",
    "ClaimFilter.cartNo": "购物车号码, exactly.",
    "ClaimFilter.itemCode": "商品代码, exactly.",
    "ClaimFilter.sellerItemCode": "卖家商品代码, exactly.",
    "ClaimFilterOutput.dateFrom": "From this Tokyo day (inclusive); null: no lower bound.",
    "ClaimFilterOutput.dateTo": "Up to this Tokyo day (inclusive); null: no upper bound.",
    "ClaimFilterOutput.orderNo": "订购号码; null: any.",
    "ClaimFilterOutput.cartNo": "购物车号码; null: any.",
    "ClaimFilterOutput.itemCode": "商品代码; null: any.",
    "ClaimFilterOutput.sellerItemCode": "卖家商品代码; null: any.",
    "ClaimStatusCounts.cells": "Every count of the grid, in the portal's display order.",
    "StatusCount.status": "Which status (or group of statuses) this cell counts.",
    "StatusCount.count": "Claims in the cell (the seller's own only).",
    "StatusCount.label": "The cell's words in `lang`.",
    "ClaimDateField.ORDER": "订购日: the order's date.",
    "ClaimDateField.REQUEST": "要求日: the day the buyer filed the claim.",
    "ClaimDateField.COMPLETE": "完成日: the day the claim was completed.",
    "ClaimSortKey.REQUEST_DATE": "要求日: the day the buyer filed the claim.",
    "ClaimSortKey.DEADLINE": "客户回应期限 of the open round; claims without one come last "
    "in both directions.",
    "ClaimSortKey.ORDER_DATE": "订购日: the order's date.",
    "SortDirection.ASC": "Smallest (oldest, earliest) first.",
    "SortDirection.DESC": "Largest (newest, latest) first.",
    # payloads and inputs of the claim mutations
    "ClaimWithdrawalPayload.claim": "The claim after the change; null when refused.",
    "ClaimWithdrawalPayload.withdrawal": "The round concerned after the change; null when refused.",
    "ClaimCancellationAcceptPayload.claim": "The claim after the change (取消中); null when "
    "refused.",
    "ClaimWithdrawalRespondInput.accept": "True: withdraw the claim; false: reject (then "
    "`reasonCode` is required).",
    "ClaimWithdrawalRerequestInput.sellerMessage": f"卖家留言 for the new round, "
    f"{policy.MESSAGE_MIN_LENGTH}–{policy.MESSAGE_MAX_LENGTH} characters.",
    "ClaimWithdrawalRequestBulkPayload.results": "One row per claim asked or refused, in the "
    "order of `claimIds` (or of the filter's matches).",
    "ClaimWithdrawalRequestBulkPayload.doneCount": "Rows with `done: true`.",
    "ClaimWithdrawalRequestBulkPayload.refusedCount": "Rows refused (with their own `userErrors`).",
    "ClaimWithdrawalRequestBulkResult.claimId": "The ID as given (or matched by the filter).",
    "ClaimWithdrawalRequestBulkResult.claim": "The claim after the request; null for an ID "
    "that is not one of your claims.",
    "ClaimWithdrawalRequestBulkResult.withdrawal": "The round the request opened; null when "
    "refused.",
    # orders, shipments
    "Order.itemName": "商品名, as listed.",
    "Order.quantity": "Units ordered.",
    "Order.optionCode": "选项代码 of the chosen option; empty without one.",
    "Order.recipientName": "收件人: the delivery's recipient.",
    "Order.recipientPhone": "The recipient's phone number, as entered.",
    "Order.postalCode": "The delivery address's postal code.",
    "Order.address": "The delivery address.",
    "Order.totalAmount": "总付款: the amount paid, an integer in the order's currency (yen "
    "for JP orders); `paymentMethod` says how it was paid.",
    "Order.status": "Shipping state.",
    "Order.statusLabel": "The shipping state in `lang`, e.g. 配送中 / Shipping.",
    "ShipmentRegisterInput.orderNo": "订购号码 of one of the seller's orders.",
    "ShipmentRegisterPayload.order": "The order with its tracking number; null when refused.",
    # memos
    "Memo.title": "The memo's subject.",
    "Memo.body": "The text, as written (plain text, line breaks kept).",
    "Memo.status": "The recipient's view: UNANSWERED until the recipient writes on the order.",
    "Memo.type": "Memo type (always NORMAL today).",
    "Memo.category": "What the memo is about.",
    "Memo.channel": "The memo box channel it is listed under.",
    "Memo.sentAt": "When it was sent.",
    "Memo.senderLabel": "The sender in `lang`, e.g. 客户 / Buyer.",
    "Memo.statusLabel": "The status in `lang`, e.g. 未答复 / Unanswered.",
    "Memo.typeLabel": "The type in `lang`, e.g. 普通 / Normal.",
    "Memo.categoryLabel": "The category in `lang`, e.g. 配送 / Delivery.",
    "Memo.channelLabel": "The channel in `lang`.",
    "Memo.order": "The order the memo is about.",
    "MemoBox.rows": "The page's rows, newest first.",
    "MemoBox.startCursor": "The first row's cursor: `before` it for newer rows; null on an "
    "empty page.",
    "MemoBox.endCursor": "The last row's cursor: `after` it for older rows; null on an empty page.",
    "MemoBoxRow.source": "MEMO or INQUIRY (the seller's inquiries, channel INQUIRY_RECORDS).",
    "MemoBoxRow.sentAt": "When it was sent.",
    "MemoBoxRow.type": "Memo type (NORMAL).",
    "MemoBoxRow.sentFrom": "发送方: who sent it.",
    "MemoBoxRow.receivedBy": "接收方: who received it.",
    "MemoBoxRow.recipient": "The recipient's name: the shop, the buyer's masked id or Qoo10.",
    "MemoBoxRow.title": "The memo's or the inquiry's subject.",
    "MemoBoxRow.attachmentName": "The attached file's name; null without one.",
    "MemoConnection.edges": "The page's memos, newest first.",
    "MemoConnection.totalCount": "Memos the filter matches on all pages.",
    "MemoEdge": "A memo of the list with its cursor.",
    "MemoEdge.node": "The memo.",
    "MemoFilter.dateFrom": f"Sent from this day (inclusive), {_TOKYO_DAY}.",
    "MemoFilter.dateTo": f"Sent up to this day (inclusive), {_TOKYO_DAY}.",
    "MemoFilter.status": "Only memos in this status.",
    "MemoFilter.type": "Only memos of this type.",
    "MemoFilter.channel": "The memo box channel (`memoBox` defaults to BUYER_SELLER).",
    "MemoFilter.itemCode": "商品代码 of the order, exactly.",
    "MemoFilter.orderNo": "订购号码, exactly.",
    "MemoReplyInput.orderNo": "订购号码 of an order the viewer sold or bought.",
    "MemoSendInput": "A new memo on one of the viewer's orders.",
    "MemoSendInput.orderNo": "订购号码 of an order the viewer sold or bought.",
    "MemoSendInput.title": f"The subject, 1–{policy.MEMO_TITLE_MAX_LENGTH} characters.",
    "MemoSendInput.body": f"The text, 1–{policy.MEMO_BODY_MAX_LENGTH} characters.",
    "MemoSendInput.category": "What the memo is about; default OTHER.",
    "MemoSendPayload.memo": "The memo written; null when refused.",
    "MemoThread.order": "The order the conversation is about.",
    "MemosMarkAnsweredInput.memoIds": "Memo IDs (`Memo.id`); memos not sent to the viewer "
    "are ignored.",
    # notices
    "Notification.kind": "What the notice is about; each party's copy has a kind of its own.",
    "Notification.createdAt": "When it was sent.",
    "Notification.readAt": "When the viewer first marked it read; null while unread.",
    "Notification.read": "The viewer marked it read.",
    "Notification.text(lang:)": "The sentence's language; null: the request's "
    "Accept-Language, else zh.",
    "NotificationEdge.node": "The notice.",
    # inquiries
    "Inquiry.category": "Its category code (see `inquiryCategories`).",
    "Inquiry.subcategory": "Its sub-category code.",
    "Inquiry.title": "The question's subject.",
    "Inquiry.body": "The question, as written.",
    "Inquiry.lang": "The language it is written in: ja, zh, ko or en.",
    "Inquiry.itemCode": "商品代码 it is about; empty when none.",
    "Inquiry.status": "SUBMITTED until Qoo10 answers.",
    "Inquiry.createdAt": "When it was filed.",
    "InquiryCategory.code": "The code to send as `InquirySubmitInput.category`.",
    "InquiryCategory.label": "The category's words (zh, the manual's).",
    "InquiryCategory.subcategories": "Its sub-categories, in the form's order.",
    "InquirySubcategory.code": "The code to send as `InquirySubmitInput.subcategory`.",
    "InquirySubcategory.label": "The sub-category's words (zh, the manual's).",
    "InquirySubmitInput": "A question to the marketplace operator (seller only).",
    "InquirySubmitInput.subcategory": "A sub-category code of `category`.",
    "InquirySubmitInput.title": f"The subject, 1–{policy.INQUIRY_TITLE_MAX_LENGTH} characters.",
    "InquirySubmitInput.body": f"The question, 1–{policy.INQUIRY_BODY_MAX_LENGTH} characters.",
    "InquirySubmitInput.orderNo": "订购号码 it is about, if any (one of the seller's orders).",
    "InquirySubmitInput.itemCode": "商品代码 it is about, if any.",
    "InquirySubmitPayload.inquiry": "The inquiry filed; null when refused.",
    # enum values
    "ActorKind.SELLER": "The shop.",
    "ActorKind.BUYER": "The customer.",
    "ActorKind.SYSTEM": "The system itself, e.g. the deadline sweep.",
    "ActorKind.OPERATOR": "The marketplace operator (Qoo10).",
    "ClaimType.CANCEL": "取消: the buyer cancels the order.",
    "ClaimType.RETURN": "退货: the buyer returns the item.",
    "ClaimType.EXCHANGE": "交换: the buyer wants another item.",
    "ClaimType.NON_RECEIPT": "未收取申告: the buyer says the item never arrived.",
    "ClaimStatus.CANCEL_REQUESTED": "取消要求: the buyer asked to cancel.",
    "ClaimStatus.CANCELLING": "取消中: the seller accepted; the cancellation is under way.",
    "ClaimStatus.CANCEL_COMPLETED": "取消完成: the cancellation is complete (closed).",
    "ClaimStatus.RETURN_REQUESTED": "退货申请: the buyer asked to return the item.",
    "ClaimStatus.RETURNING": "退货中: the item is on its way back.",
    "ClaimStatus.RETURN_HELD": "退货保留: the return is on hold.",
    "ClaimStatus.RETURN_RECEIVED": "已收件/退款请求: the seller received the item; refund "
    "requested.",
    "ClaimStatus.RETURN_COMPLETED": "退货完成: the return is complete (closed).",
    "ClaimStatus.EXCHANGE_REQUESTED": "申请交换: the buyer asked for an exchange.",
    "ClaimStatus.EXCHANGE_CONFIRMED": "卖家确认: the seller confirmed the exchange.",
    "ClaimStatus.EXCHANGE_RESHIPPING": "再次派送中: the replacement is on its way.",
    "ClaimStatus.EXCHANGE_COMPLETED": "交换结束: exchanged (closed).",
    "ClaimStatus.NR_REPORTED": "接收申请: the buyer reported the item as not received.",
    "ClaimStatus.NR_SELLER_CONFIRMED": "卖家确认: the seller confirmed the non-receipt.",
    "ClaimStatus.NR_REFUNDED": "退款完成: refunded in full (closed).",
    "ClaimStatus.NR_PARTIALLY_REFUNDED": "部分退款完成: partly refunded (closed).",
    "ClaimStatus.WITHDRAWN": "撤回完成: the buyer withdrew the claim, or it was withdrawn "
    "when the answer deadline passed (closed).",
    "WithdrawalState.REQUESTED": "撤回要请: waiting for the buyer's answer until the deadline.",
    "WithdrawalState.ACCEPTED": "The buyer accepted: the claim is withdrawn.",
    "WithdrawalState.HELD": "撤回保留: the buyer rejected; the seller may re-request or cancel.",
    "WithdrawalState.EXPIRED": "No answer by the deadline: the claim was withdrawn automatically.",
    "WithdrawalState.CANCELLED": "The seller cancelled the request (a new one waits "
    f"{policy.CANCEL_COOLDOWN_DAYS} days).",
    "WithdrawalState.VOID": "The claim left the withdrawable statuses while the round was open.",
    "WithdrawalAction.REQUEST": "撤回要请: ask the buyer to withdraw (claimWithdrawalRequest).",
    "WithdrawalAction.CANCEL": "取消撤回要请: cancel the open request (claimWithdrawalCancel).",
    "WithdrawalAction.REREQUEST": "再次要请撤回: ask again after a rejection "
    "(claimWithdrawalRerequest).",
    "PanelAction.REQUEST": "撤回要请 (claimWithdrawalRequest).",
    "PanelAction.CANCEL": "取消撤回要请 (claimWithdrawalCancel).",
    "PanelAction.REREQUEST": "再次要请撤回 (claimWithdrawalRerequest).",
    "PanelAction.COMPLETE_CANCEL": "同意取消: accept the buyer's cancellation "
    "(claimCancellationAccept).",
    "RejectionReason.WANT_REFUND": "希望退款: the buyer wants a refund.",
    "RejectionReason.ITEM_DEFECTIVE": "商品有问题: the item is defective.",
    "RejectionReason.ALREADY_RETURNED": "已寄回商品: the buyer already sent the item back.",
    "RejectionReason.OTHER": "其他原因: the buyer's own words in `reasonText` (required).",
    "OrderStatus.AWAITING_SHIPMENT": "配送要请: not shipped yet.",
    "OrderStatus.SHIPPING": "配送中: on its way.",
    "OrderStatus.DELIVERED": "受取确认: delivered.",
    "ClaimEventKind.CLAIM_FILED": "The buyer filed the claim.",
    "ClaimEventKind.CLAIM_STATUS_CHANGED": "The claim's status changed.",
    "ClaimEventKind.WITHDRAWAL_REQUESTED": "The seller asked for a withdrawal (round 1, or "
    "after a cancel).",
    "ClaimEventKind.WITHDRAWAL_REREQUESTED": "The seller asked again after a rejection.",
    "ClaimEventKind.WITHDRAWAL_CANCELLED": "The seller cancelled the request.",
    "ClaimEventKind.WITHDRAWAL_ACCEPTED": "The buyer accepted: the claim is withdrawn.",
    "ClaimEventKind.WITHDRAWAL_REJECTED": "The buyer rejected, with a reason.",
    "ClaimEventKind.WITHDRAWAL_EXPIRED": "The deadline passed unanswered: withdrawn automatically.",
    "ClaimEventKind.WITHDRAWAL_VOIDED": "The open round became void (the claim left the "
    "withdrawable statuses).",
    "ClaimEventKind.SHIPMENT_REGISTERED": "The seller entered a carrier and tracking number.",
    "NotificationKind.WITHDRAWAL_REQUESTED": "To the buyer: the seller asks to withdraw a claim.",
    "NotificationKind.WITHDRAWAL_CANCELLED": "To the buyer: the seller cancelled the request.",
    "NotificationKind.WITHDRAWAL_ACCEPTED": "To the seller: the buyer accepted (claim withdrawn).",
    "NotificationKind.WITHDRAWAL_REJECTED": "To the seller: the buyer rejected the request.",
    "NotificationKind.WITHDRAWAL_EXPIRED": "To both: no answer by the deadline, the claim "
    "was withdrawn automatically.",
    "NotificationKind.WITHDRAWAL_VOIDED": "To both: the open request became void.",
    "NotificationKind.MEMO_RECEIVED": "A memo arrived on one of the viewer's orders.",
    "NotificationKind.WITHDRAWAL_REQUEST_SENT": "To the seller: their request or re-request "
    "was sent.",
    "NotificationKind.WITHDRAWAL_CANCEL_CONFIRMED": "To the seller: their cancel went "
    "through, with the first day a new request is allowed.",
    "NotificationKind.WITHDRAWAL_ACCEPT_CONFIRMED": "To the buyer: their acceptance went through.",
    "NotificationKind.WITHDRAWAL_REJECT_CONFIRMED": "To the buyer: their rejection went through.",
    "NotificationKind.WITHDRAWAL_ANSWER_DUE": "To the buyer: answer by the deadline "
    f"({policy.REMINDER_DAYS_BEFORE} days before it or closer).",
    "NotificationKind.WITHDRAWAL_ANSWER_AWAITED": "To the seller: the buyer's deadline is "
    f"{policy.REMINDER_DAYS_BEFORE} days away or closer.",
    "MemoStatus.UNANSWERED": "未答复: the recipient has not written on the order since.",
    "MemoStatus.ANSWERED": "已答复: the recipient answered (or marked it answered).",
    "MemoChannel.BUYER_SELLER": "Memos between the buyer and the seller.",
    "MemoChannel.CUSTOMER_CENTER": "Memos from the customer centre / Qoo10.",
    "MemoChannel.INQUIRY_RECORDS": "The seller's inquiries to Qoo10 (memoBox only).",
    "MemoType.NORMAL": "普通: an ordinary memo.",
    "MemoCategory.CANCEL_REFUND": "取消/换钱: cancel or refund.",
    "MemoCategory.DELIVERY": "配送: delivery.",
    "MemoCategory.ITEM": "商品疑问: a question about the item.",
    "MemoCategory.OTHER": "其他: anything else.",
    "InquiryStatus.SUBMITTED": "Filed, waiting for Qoo10.",
    "InquiryStatus.ANSWERED": "Qoo10 answered.",
    "Lang.ZH": "Simplified Chinese (the manual's; the default).",
    "Lang.JA": "Japanese.",
    "Lang.EN": "English.",
    "Party.CUSTOMER": "The buyer.",
    "Party.QSM": "The seller (J·QSM).",
    "Party.QOO10": "The marketplace operator.",
    "RowSource.MEMO": "A memo of an order.",
    "RowSource.INQUIRY": "One of the seller's inquiries to Qoo10.",
    "UserErrorCode.NOT_FOUND": "No such object for this viewer (another party's object "
    "answers the same).",
    "UserErrorCode.UNAUTHENTICATED": "Not signed in, or signed in as the other kind of account.",
    "UserErrorCode.INVALID_INPUT": "A value is malformed, out of range or missing; `field` "
    "says which.",
    "UserErrorCode.CLAIM_NOT_WITHDRAWABLE": "The claim's status allows no withdrawal request "
    "(the message names the inquiry path).",
    "UserErrorCode.WITHDRAWAL_ALREADY_PENDING": "A request is already open on the claim.",
    "UserErrorCode.NO_PENDING_WITHDRAWAL": "No open request (it was answered, expired or "
    "replaced; the message says what happened).",
    "UserErrorCode.WITHDRAWAL_NOT_ON_HOLD": "Only a rejected (HELD) request can be re-requested.",
    "UserErrorCode.COOLDOWN_ACTIVE": "A request was cancelled too recently; the message "
    "names the first allowed day.",
    "UserErrorCode.RESPONSE_WINDOW_CLOSED": "The buyer's deadline has passed; the claim was "
    "withdrawn.",
    "UserErrorCode.OPEN_CLAIM_EXISTS": "The order already has an open claim.",
    "UserErrorCode.SHIPMENT_BLOCKED": "The order has an open cancellation, so it cannot be "
    "shipped.",
    "UserErrorCode.INVALID_TRANSITION": "The claim's current status does not allow this change.",
    "UserErrorCode.CONFLICT": "Someone else changed it at the same moment; retry.",
    "UserErrorCode.IDEMPOTENCY_KEY_REUSED": "The key was already used for another operation "
    "or object.",
    "UserErrorCode.TOO_MANY_ATTEMPTS": "Too many failed sign-ins; the message says how many "
    "seconds to wait.",
    "UserErrorCode.DATABASE_BUSY": "The data is locked by another operation; nothing was "
    "changed, retry (safe with an idempotency key).",
    "UserErrorCode.DATABASE_UNAVAILABLE": "The database cannot be reached; nothing was "
    "changed, retry later.",
    "UserErrorCode.TIMEOUT": "The request ran past its time limit; check the result before "
    "retrying.",
    "ClaimStatusCell.EXCHANGE_REQUESTED_OR_CONFIRMED": "申请交换 and 卖家确认 counted together.",
    "ClaimStatusCell.NR_DELAYED": "确认延迟: non-receipt claims still in their first status "
    f"more than {policy.DELAY_DAYS} days after the request.",
    "ClaimStatusCell.WITHDRAWAL_REQUESTED": "撤回要请: claims whose latest round is REQUESTED.",
    "ClaimStatusCell.WITHDRAWAL_HELD": "撤回保留: claims whose latest round is HELD.",
    "UserError.code": "What went wrong, as a stable code to branch on.",
    "PageInfo.hasNextPage": "Rows follow this page in the list's order (page on with "
    "`after: endCursor`).",
    "PageInfo.hasPreviousPage": "Rows precede this page (page back with `before: startCursor`).",
    "PageInfo.startCursor": "The first row's cursor; null on an empty page.",
    "PageInfo.endCursor": "The last row's cursor; null on an empty page.",
    # the buyer's and the inbox's connections
    "Query.memoBox(first:)": f"Rows per page, at most {policy.MEMO_BOX_PAGE_SIZE} (the default).",
    "MemoSortKey.SENT_AT": "When the memo was sent.",
    "MemoThreadEdge.node": "The conversation.",
    "MemoThreadSortKey.LAST_ACTIVITY": "The time of the conversation's latest memo.",
    "NotificationSortKey.CREATED_AT": "When the notice was sent.",
    "WithdrawalRequestEdge.node": "The claim whose withdrawal request waits for the buyer.",
    "WithdrawalRequestSortKey.REQUEST_DATE": "要请日: when the seller asked.",
    "WithdrawalRequestSortKey.DEADLINE": "客户回应期限: the last day to answer.",
}

#: Webhooks (docs/webhooks.md).
DESCRIPTIONS.update(
    {
        "NotificationKind.WEBHOOK_DISABLED": "To the seller: one of their webhook endpoints "
        "kept failing and was disabled.",
        "Query.webhookDeliveries(endpointId:)": "The endpoint (`WebhookEndpoint.id`).",
        "WebhookAttempt.at": "When the POST started (wall clock).",
        "WebhookAttempt.durationMs": "How long the POST took, in milliseconds.",
        "WebhookDelivery.eventType": "The event delivered.",
        "WebhookDelivery.status": "Where the delivery stands.",
        "WebhookDelivery.attemptCount": "POSTs made so far.",
        "WebhookDelivery.lastResponseCode": "The last attempt's HTTP status; null if none "
        "or no answer.",
        "WebhookDelivery.createdAt": "When the event happened and the delivery was queued.",
        "WebhookDeliveryEdge.node": "The delivery.",
        "WebhookDeliveryRedeliverPayload.delivery": "The delivery, queued again; null when "
        "refused.",
        "WebhookDeliveryStatus.PENDING": "Attempts left; not yet answered 2xx.",
        "WebhookDeliveryStatus.DELIVERED": "The receiver answered 2xx.",
        "WebhookDeliveryStatus.FAILED": "Every allowed attempt failed.",
        "WebhookEndpoint.url": "Where the events are POSTed.",
        "WebhookEndpoint.description": "The seller's note.",
        "WebhookEndpoint.events": "The events delivered to it.",
        "WebhookEndpoint.createdAt": "When it was registered.",
        "WebhookEndpointCreateInput.events": "The events to deliver (at least one).",
        "WebhookEndpointIdInput.id": "The endpoint (`WebhookEndpoint.id`).",
        "WebhookEndpointSecretPayload.endpoint": "The endpoint; null when refused.",
        "WebhookEndpointUpdateInput.id": "The endpoint (`WebhookEndpoint.id`).",
        "WebhookEndpointUpdatePayload.endpoint": "The endpoint as changed; null when refused.",
        "WebhookEventType.WITHDRAWAL_REQUESTED": "The seller requested (or re-requested) a "
        "withdrawal.",
        "WebhookEventType.WITHDRAWAL_ACCEPTED": "The buyer accepted: the claim is withdrawn.",
        "WebhookEventType.WITHDRAWAL_REJECTED": "The buyer rejected the request.",
        "WebhookEventType.WITHDRAWAL_EXPIRED": "No answer by the deadline: withdrawn by the "
        "system.",
        "WebhookEventType.WITHDRAWAL_CANCELLED": "The seller cancelled their request.",
        "WebhookEventType.WITHDRAWAL_VOIDED": "The open request became void.",
        "WebhookEventType.MEMO_RECEIVED": "The buyer sent the seller a memo.",
    }
)

#: A grid cell named like a claim status counts the claims in that status.
DESCRIPTIONS.update(
    {
        f"ClaimStatusCell.{name}": f"Claims in status {name}: {text}"
        for key, text in list(DESCRIPTIONS.items())
        if key.startswith("ClaimStatus.")
        and (name := key.removeprefix("ClaimStatus.")) in {cell.name for cell in GridCell}
    }
)

# exports as jobs (docs/exports.md)
DESCRIPTIONS.update(
    {
        "ExportStatus.QUEUED": "Waiting for a worker to start it.",
        "ExportStatus.RUNNING": "Rows are being written (`rowsDone` of `rowCount`).",
        "ExportStatus.DONE": "The file is ready: download it from `url` until `expiresAt`.",
        "ExportStatus.FAILED": "The job gave up after its retries; start another export.",
        "ExportStatus.EXPIRED": "The file was deleted after `expiresAt` (the download is 410).",
        "Query.export(id:)": "The export's global ID (`Export.id`, from `exportCreate`).",
    }
)

#: Arguments and fields every connection, payload and label repeats: (name, text).
_ARGUMENTS = {
    "first": "Rows per page from the start, or after `after`: 50 by default, at most 100.",
    "after": "A cursor (`endCursor` or an edge's `cursor`) of the same list and sort: rows "
    "after it.",
    "last": "Rows per page from the end, or before `before`: 50 by default, at most 100; "
    "not together with `first`.",
    "before": "A cursor (`startCursor` or an edge's `cursor`) of the same list and sort: rows "
    "before it.",
    "sort": "The order (key and direction); null: the default named on the input type.",
    "filter": "Which rows; null or empty fields: no filtering.",
    "input": "The mutation's arguments, one input object.",
    "lang": "The label's language; default ZH (the manual's words).",
    "unreadOnly": "Only notices not marked read yet.",
    "orderNo": "订购号码 of an order the viewer sold or bought.",
}


def _fill_from_rules(schema: GraphQLSchema) -> None:
    mutation = schema.mutation_type
    owners: dict[str, str] = {}  # input / payload type name -> mutation field name
    if mutation is not None:
        for name, field in mutation.fields.items():
            owners.setdefault(get_named_type(field.type).name, name)
            for arg in field.args.values():
                owners.setdefault(get_named_type(arg.type).name, name)

    for type_ in schema.type_map.values():
        if type_.name.startswith("__") or type_.name in specified_scalar_types:
            continue
        if not type_.description:
            if type_.name.endswith("Payload") and type_.name in owners:
                type_.description = (
                    f"What `{owners[type_.name]}` answers: the changed objects (null when "
                    "refused) and `userErrors`."
                )
            elif type_.name.endswith("Input") and type_.name in owners:
                type_.description = f"The arguments of `{owners[type_.name]}`."
            elif type_.name.endswith("Edge"):
                type_.description = "A row of the list with its cursor."
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            interfaces = list(type_.interfaces)
            for field_name, field in type_.fields.items():
                _fill_field(type_.name, field_name, field, interfaces)
        elif isinstance(type_, GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                if not field.description and field_name == "claimId":
                    field.description = "The claim's ID (`Claim.id`)."
                elif not field.description and field_name == "idempotencyKey":
                    field.description = (
                        "Sending the same key again returns the first result and changes "
                        f"nothing (at most {policy.IDEMPOTENCY_KEY_MAX_LENGTH} characters)."
                    )


def _fill_field(
    type_name: str,
    field_name: str,
    field: GraphQLField,
    interfaces: list[GraphQLInterfaceType],
) -> None:
    if not field.description:
        for interface in interfaces:
            inherited = interface.fields.get(field_name)
            if inherited is not None and inherited.description:
                field.description = inherited.description
                break
    if not field.description:
        if field_name == "userErrors":
            field.description = "Why it was refused (`code`, `field`, `message`); empty on success."
        elif field_name == "pageInfo":
            field.description = "Cursors of this page and whether rows lie beyond it each way."
        elif field_name == "edges":
            field.description = "The page's rows, in the asked order."
        elif field_name == "cursor" and type_name.endswith("Edge"):
            field.description = "Opaque; pass as `after` / `before` to page from this row."
        elif field_name == "totalCount":
            field.description = "Rows on all pages, not only this one."
    for arg_name, arg in field.args.items():
        _fill_argument(arg_name, arg)


def _fill_argument(name: str, arg: GraphQLArgument) -> None:
    if not arg.description and name in _ARGUMENTS:
        arg.description = _ARGUMENTS[name]


def _element(schema: GraphQLSchema, coordinate: str) -> object | None:
    """The schema object a coordinate names, or None."""
    type_name, _, rest = coordinate.partition(".")
    type_ = schema.type_map.get(type_name)
    if type_ is None or not rest:
        return type_
    member, _, arg = rest.partition("(")
    if isinstance(type_, GraphQLEnumType):
        return type_.values.get(member)
    if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        field = type_.fields.get(member)
        if field is None or not arg:
            return field
        return getattr(field, "args", {}).get(arg.rstrip(":)"))
    return None


def unknown_coordinates(schema: GraphQLSchema) -> list[str]:
    """Keys of DESCRIPTIONS that name nothing in `schema` (renamed or removed)."""
    return [key for key in DESCRIPTIONS if _element(schema, key) is None]


def describe(schema: GraphQLSchema) -> GraphQLSchema:
    """Give every undescribed element of `schema` its catalogue or rule description
    (in place; the code's own descriptions are kept)."""
    for coordinate, text in DESCRIPTIONS.items():
        element = _element(schema, coordinate)
        if element is not None and not getattr(element, "description", None):
            element.description = text  # type: ignore[attr-defined]
    _fill_from_rules(schema)
    return schema
