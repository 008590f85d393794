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

# (value, (zh, ja, en)) pairs; a list, not a dict, for the reason given at _BY_KIND
_LABELS: list[tuple[StrEnum, tuple[str, str, str]]] = [
    (ClaimType.CANCEL, ("取消", "キャンセル", "Cancel")),
    (ClaimType.RETURN, ("退货", "返品", "Return")),
    (ClaimType.EXCHANGE, ("交换", "交換", "Exchange")),
    (ClaimType.NON_RECEIPT, ("未收取申告", "未受取申告", "Non-receipt")),
    (ClaimStatus.CANCEL_REQUESTED, ("取消要求", "キャンセル要求", "Cancel requested")),
    (ClaimStatus.CANCELLING, ("取消中", "キャンセル中", "Cancelling")),
    (ClaimStatus.CANCEL_COMPLETED, ("取消完成", "キャンセル完了", "Cancel completed")),
    (ClaimStatus.RETURN_REQUESTED, ("退货申请", "返品申請", "Return requested")),
    (ClaimStatus.RETURNING, ("退货中", "返品中", "Returning")),
    (ClaimStatus.RETURN_HELD, ("退货保留", "返品保留", "Return on hold")),
    (ClaimStatus.RETURN_RECEIVED, ("已收件/退款请求", "受取済/払い戻し要請", "Received / refund")),
    (ClaimStatus.RETURN_COMPLETED, ("退货完成", "返品完了", "Return completed")),
    (ClaimStatus.EXCHANGE_REQUESTED, ("申请交换", "交換申請", "Exchange requested")),
    (ClaimStatus.EXCHANGE_CONFIRMED, ("卖家确认", "販売者確認", "Seller confirmed")),
    (ClaimStatus.EXCHANGE_RESHIPPING, ("再次派送中", "再配送中", "Reshipping")),
    (ClaimStatus.EXCHANGE_COMPLETED, ("交换结束", "交換完了", "Exchange completed")),
    (ClaimStatus.NR_REPORTED, ("接收申请", "受付申請", "Reported")),
    (ClaimStatus.NR_SELLER_CONFIRMED, ("卖家确认", "販売者確認", "Seller confirmed")),
    (ClaimStatus.NR_REFUNDED, ("退款完成", "払い戻し完了", "Refunded")),
    (ClaimStatus.NR_PARTIALLY_REFUNDED, ("部分退款完成", "一部払い戻し完了", "Partially refunded")),
    (ClaimStatus.WITHDRAWN, ("撤回完成", "撤回完了", "Withdrawn")),
    (WithdrawalState.REQUESTED, ("撤回要请", "撤回要請", "Requested")),
    (WithdrawalState.ACCEPTED, ("客户同意撤回", "顧客承認", "Accepted")),
    (WithdrawalState.HELD, ("撤回保留", "撤回保留", "On hold")),
    (WithdrawalState.EXPIRED, ("期限已过自动撤回", "期限切れ自動撤回", "Expired (auto-withdrawn)")),
    (WithdrawalState.CANCELLED, ("取消撤回要请", "撤回要請取消", "Cancelled")),
    (WithdrawalState.VOID, ("已失效", "無効", "Void")),
    (WithdrawalAction.REQUEST, ("撤回要请", "撤回要請", "Request withdrawal")),
    (WithdrawalAction.CANCEL, ("取消撤回要请", "撤回要請取消", "Cancel request")),
    (WithdrawalAction.REREQUEST, ("再次要请撤回", "撤回再要請", "Re-request withdrawal")),
    (RejectionReason.WANT_REFUND, ("希望退款", "返金希望", "Wants a refund")),
    (RejectionReason.ITEM_DEFECTIVE, ("商品有问题", "商品に問題あり", "Item defective")),
    (RejectionReason.ALREADY_RETURNED, ("已寄回商品", "返送済み", "Already sent back")),
    (RejectionReason.OTHER, ("其他原因", "その他", "Other")),
    (OrderStatus.AWAITING_SHIPMENT, ("配送要请", "配送要請", "Awaiting shipment")),
    (OrderStatus.SHIPPING, ("配送中", "配送中", "Shipping")),
    (OrderStatus.DELIVERED, ("受取确认", "受取確認", "Delivered")),
    (ActorKind.SELLER, ("卖家", "販売者", "Seller")),
    (ActorKind.BUYER, ("客户", "顧客", "Buyer")),
    (ActorKind.SYSTEM, ("系统", "システム", "System")),
    (ActorKind.OPERATOR, ("Qoo10", "Qoo10", "Qoo10")),
    (EventKind.CLAIM_FILED, ("客户提出投诉", "クレーム申請", "Claim filed")),
    (EventKind.CLAIM_STATUS_CHANGED, ("处理状态变更", "処理状態変更", "Status changed")),
    (EventKind.WITHDRAWAL_REQUESTED, ("撤回要请", "撤回要請", "Withdrawal requested")),
    (EventKind.WITHDRAWAL_REREQUESTED, ("再次要请撤回", "撤回再要請", "Withdrawal re-requested")),
    (EventKind.WITHDRAWAL_CANCELLED, ("取消撤回要请", "撤回要請取消", "Request cancelled")),
    (EventKind.WITHDRAWAL_ACCEPTED, ("客户同意撤回", "顧客が撤回に同意", "Buyer accepted")),
    (EventKind.WITHDRAWAL_REJECTED, ("客户拒绝撤回", "顧客が撤回を拒否", "Buyer rejected")),
    (EventKind.WITHDRAWAL_EXPIRED, ("期限已过自动撤回", "期限切れ自動撤回", "Expired")),
    (EventKind.WITHDRAWAL_VOIDED, ("撤回要请已失效", "撤回要請無効", "Request voided")),
    (EventKind.SHIPMENT_REGISTERED, ("登记运送单号", "送り状番号登録", "Shipment registered")),
    (MemoStatus.UNANSWERED, ("未答复", "未回答", "Unanswered")),
    (MemoStatus.ANSWERED, ("已答复", "回答済", "Answered")),
    (MemoChannel.BUYER_SELLER, ("与客户之间的纸条", "顧客とのメモ", "Buyer ↔ seller")),
    (
        MemoChannel.CUSTOMER_CENTER,
        (
            "客户中心/Qoo10纸条",
            "カスタマーセンター/Qoo10メモ",
            "Customer centre",
        ),
    ),
    (MemoChannel.INQUIRY_RECORDS, ("Qoo10咨询记录", "Qoo10問い合わせ履歴", "Inquiry records")),
    (MemoType.NORMAL, ("普通", "一般", "Normal")),
    (MemoCategory.CANCEL_REFUND, ("取消/换钱", "キャンセル/返金", "Cancel / refund")),
    (MemoCategory.DELIVERY, ("配送", "配送", "Delivery")),
    (MemoCategory.ITEM, ("商品疑问", "商品の質問", "Item question")),
    (MemoCategory.OTHER, ("其他", "その他", "Other")),
]

_INDEX = {Lang.ZH: 0, Lang.JA: 1, Lang.EN: 2}
#: Keyed by (enum class, value): members of different StrEnums with the same value are
#: equal and hash alike (ClaimType.CANCEL == WithdrawalAction.CANCEL), so a dict keyed by
#: members alone would let one label overwrite the other.
_BY_KIND: dict[tuple[type[StrEnum], str], tuple[str, str, str]] = {
    (type(member), member.value): labels for member, labels in _LABELS
}


def label(value: StrEnum, lang: Lang | str = Lang.ZH) -> str:
    """The label of an enum value; Korean and unknown languages fall back to zh."""
    try:
        index = _INDEX.get(Lang(lang), 0)
    except ValueError:
        index = 0
    return _BY_KIND[(type(value), value.value)][index]


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
