"""Human labels of every enum value in zh (the manual's words), ja (the portal's) and en.

The API exposes them as `label(lang)`, the portal renders them; one table serves both.
"""

from __future__ import annotations

from enum import StrEnum

from models.enums import (
    ActorKind,
    ClaimStatus,
    ClaimType,
    EventKind,
    Lang,
    MemoCategory,
    MemoChannel,
    MemoStatus,
    MemoType,
    OrderStatus,
    RejectionReason,
    WithdrawalAction,
    WithdrawalState,
)
from models.grid import GridCell

ZH, JA, EN = Lang.ZH, Lang.JA, Lang.EN

#: (value, {language: label}); a list, not a dict, for the reason given at _BY_KIND.
_LABELS: list[tuple[StrEnum, dict[Lang, str]]] = [
    (ClaimType.CANCEL, {ZH: "取消", JA: "キャンセル", EN: "Cancel"}),
    (ClaimType.RETURN, {ZH: "退货", JA: "返品", EN: "Return"}),
    (ClaimType.EXCHANGE, {ZH: "交换", JA: "交換", EN: "Exchange"}),
    (ClaimType.NON_RECEIPT, {ZH: "未收取申告", JA: "未受取申告", EN: "Non-receipt"}),
    (ClaimStatus.CANCEL_REQUESTED, {ZH: "取消要求", JA: "キャンセル要求", EN: "Cancel requested"}),
    (ClaimStatus.CANCELLING, {ZH: "取消中", JA: "キャンセル中", EN: "Cancelling"}),
    (ClaimStatus.CANCEL_COMPLETED, {ZH: "取消完成", JA: "キャンセル完了", EN: "Cancel completed"}),
    (ClaimStatus.RETURN_REQUESTED, {ZH: "退货申请", JA: "返品申請", EN: "Return requested"}),
    (ClaimStatus.RETURNING, {ZH: "退货中", JA: "返品中", EN: "Returning"}),
    (ClaimStatus.RETURN_HELD, {ZH: "退货保留", JA: "返品保留", EN: "Return on hold"}),
    (
        ClaimStatus.RETURN_RECEIVED,
        {ZH: "已收件/退款请求", JA: "受取済/払い戻し要請", EN: "Received / refund"},
    ),
    (ClaimStatus.RETURN_COMPLETED, {ZH: "退货完成", JA: "返品完了", EN: "Return completed"}),
    (ClaimStatus.EXCHANGE_REQUESTED, {ZH: "申请交换", JA: "交換申請", EN: "Exchange requested"}),
    (ClaimStatus.EXCHANGE_CONFIRMED, {ZH: "卖家确认", JA: "販売者確認", EN: "Seller confirmed"}),
    (ClaimStatus.EXCHANGE_RESHIPPING, {ZH: "再次派送中", JA: "再配送中", EN: "Reshipping"}),
    (ClaimStatus.EXCHANGE_COMPLETED, {ZH: "交换结束", JA: "交換完了", EN: "Exchange completed"}),
    (ClaimStatus.NR_REPORTED, {ZH: "接收申请", JA: "受付申請", EN: "Reported"}),
    (ClaimStatus.NR_SELLER_CONFIRMED, {ZH: "卖家确认", JA: "販売者確認", EN: "Seller confirmed"}),
    (ClaimStatus.NR_REFUNDED, {ZH: "退款完成", JA: "払い戻し完了", EN: "Refunded"}),
    (
        ClaimStatus.NR_PARTIALLY_REFUNDED,
        {ZH: "部分退款完成", JA: "一部払い戻し完了", EN: "Partially refunded"},
    ),
    (ClaimStatus.WITHDRAWN, {ZH: "撤回完成", JA: "撤回完了", EN: "Withdrawn"}),
    (WithdrawalState.REQUESTED, {ZH: "撤回要请", JA: "撤回要請", EN: "Requested"}),
    (WithdrawalState.ACCEPTED, {ZH: "客户同意撤回", JA: "顧客承認", EN: "Accepted"}),
    (WithdrawalState.HELD, {ZH: "撤回保留", JA: "撤回保留", EN: "On hold"}),
    (
        WithdrawalState.EXPIRED,
        {ZH: "期限已过自动撤回", JA: "期限切れ自動撤回", EN: "Expired (auto-withdrawn)"},
    ),
    (WithdrawalState.CANCELLED, {ZH: "取消撤回要请", JA: "撤回要請取消", EN: "Cancelled"}),
    (WithdrawalState.VOID, {ZH: "已失效", JA: "無効", EN: "Void"}),
    (WithdrawalAction.REQUEST, {ZH: "撤回要请", JA: "撤回要請", EN: "Request withdrawal"}),
    (WithdrawalAction.CANCEL, {ZH: "取消撤回要请", JA: "撤回要請取消", EN: "Cancel request"}),
    (
        WithdrawalAction.REREQUEST,
        {ZH: "再次要请撤回", JA: "撤回再要請", EN: "Re-request withdrawal"},
    ),
    (RejectionReason.WANT_REFUND, {ZH: "希望退款", JA: "返金希望", EN: "Wants a refund"}),
    (
        RejectionReason.ITEM_DEFECTIVE,
        {ZH: "商品有问题", JA: "商品に問題あり", EN: "Item defective"},
    ),
    (RejectionReason.ALREADY_RETURNED, {ZH: "已寄回商品", JA: "返送済み", EN: "Already sent back"}),
    (RejectionReason.OTHER, {ZH: "其他原因", JA: "その他", EN: "Other"}),
    (OrderStatus.AWAITING_SHIPMENT, {ZH: "配送要请", JA: "配送要請", EN: "Awaiting shipment"}),
    (OrderStatus.SHIPPING, {ZH: "配送中", JA: "配送中", EN: "Shipping"}),
    (OrderStatus.DELIVERED, {ZH: "受取确认", JA: "受取確認", EN: "Delivered"}),
    (ActorKind.SELLER, {ZH: "卖家", JA: "販売者", EN: "Seller"}),
    (ActorKind.BUYER, {ZH: "客户", JA: "顧客", EN: "Buyer"}),
    (ActorKind.SYSTEM, {ZH: "系统", JA: "システム", EN: "System"}),
    (ActorKind.OPERATOR, {ZH: "Qoo10", JA: "Qoo10", EN: "Qoo10"}),
    (EventKind.CLAIM_FILED, {ZH: "客户提出投诉", JA: "クレーム申請", EN: "Claim filed"}),
    (
        EventKind.CLAIM_STATUS_CHANGED,
        {ZH: "处理状态变更", JA: "処理状態変更", EN: "Status changed"},
    ),
    (EventKind.WITHDRAWAL_REQUESTED, {ZH: "撤回要请", JA: "撤回要請", EN: "Withdrawal requested"}),
    (
        EventKind.WITHDRAWAL_REREQUESTED,
        {ZH: "再次要请撤回", JA: "撤回再要請", EN: "Withdrawal re-requested"},
    ),
    (
        EventKind.WITHDRAWAL_CANCELLED,
        {ZH: "取消撤回要请", JA: "撤回要請取消", EN: "Request cancelled"},
    ),
    (
        EventKind.WITHDRAWAL_ACCEPTED,
        {ZH: "客户同意撤回", JA: "顧客が撤回に同意", EN: "Buyer accepted"},
    ),
    (
        EventKind.WITHDRAWAL_REJECTED,
        {ZH: "客户拒绝撤回", JA: "顧客が撤回を拒否", EN: "Buyer rejected"},
    ),
    (EventKind.WITHDRAWAL_EXPIRED, {ZH: "期限已过自动撤回", JA: "期限切れ自動撤回", EN: "Expired"}),
    (EventKind.WITHDRAWAL_VOIDED, {ZH: "撤回要请已失效", JA: "撤回要請無効", EN: "Request voided"}),
    (
        EventKind.SHIPMENT_REGISTERED,
        {ZH: "登记运送单号", JA: "送り状番号登録", EN: "Shipment registered"},
    ),
    (MemoStatus.UNANSWERED, {ZH: "未答复", JA: "未回答", EN: "Unanswered"}),
    (MemoStatus.ANSWERED, {ZH: "已答复", JA: "回答済", EN: "Answered"}),
    (MemoChannel.BUYER_SELLER, {ZH: "与客户之间的纸条", JA: "顧客とのメモ", EN: "Buyer ↔ seller"}),
    (
        MemoChannel.CUSTOMER_CENTER,
        {ZH: "客户中心/Qoo10纸条", JA: "カスタマーセンター/Qoo10メモ", EN: "Customer centre"},
    ),
    (
        MemoChannel.INQUIRY_RECORDS,
        {ZH: "Qoo10咨询记录", JA: "Qoo10問い合わせ履歴", EN: "Inquiry records"},
    ),
    (MemoType.NORMAL, {ZH: "普通", JA: "一般", EN: "Normal"}),
    (MemoCategory.CANCEL_REFUND, {ZH: "取消/换钱", JA: "キャンセル/返金", EN: "Cancel / refund"}),
    (MemoCategory.DELIVERY, {ZH: "配送", JA: "配送", EN: "Delivery"}),
    (MemoCategory.ITEM, {ZH: "商品疑问", JA: "商品の質問", EN: "Item question"}),
    (MemoCategory.OTHER, {ZH: "其他", JA: "その他", EN: "Other"}),
    # the grid's 确认延迟 cell counts no status of its own, so it has a label of its own
    (GridCell.NR_DELAYED, {ZH: "确认延迟", JA: "確認遅延", EN: "Delayed"}),
]

#: Keyed by (enum class, value): members of different StrEnums with the same value are
#: equal and hash alike (ClaimType.CANCEL == WithdrawalAction.CANCEL), so a dict keyed by
#: members alone would let one label overwrite the other.
_BY_KIND: dict[tuple[type[StrEnum], str], dict[Lang, str]] = {
    (type(member), member.value): labels for member, labels in _LABELS
}


def label(value: StrEnum, lang: Lang | str = Lang.ZH) -> str:
    """The label of an enum value; an unknown language falls back to zh (the manual's)."""
    return _BY_KIND[(type(value), value.value)][as_lang(lang)]


def as_lang(lang: Lang | str | None) -> Lang:
    """`lang` as a UI language; anything else (Korean, "", None) is zh, the default."""
    try:
        return Lang(lang)
    except ValueError:
        return Lang.ZH


#: The inquiry category tree (分类): category -> sub-categories, with zh labels.
INQUIRY_CATEGORIES: dict[str, dict[str, str]] = {
    "REFUND_CLAIM_WITHDRAWAL": {"CLAIM_WITHDRAWAL": "投诉撤回", "REFUND": "退款"},
    "DELIVERY": {"TRACKING": "运送单号", "DELAY": "配送延迟"},
    "OTHER": {"OTHER": "其他"},
}
INQUIRY_CATEGORY_LABELS: dict[str, str] = {
    "REFUND_CLAIM_WITHDRAWAL": "退款·投诉撤回",
    "DELIVERY": "配送",
    "OTHER": "其他",
}
