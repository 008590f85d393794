"""Every enumeration of the domain, with the English values the code and API use.

Human labels (zh / ja / en) live in `models.labels`, so the values stay stable.
"""

from enum import StrEnum


class ClaimType(StrEnum):
    CANCEL = "CANCEL"
    RETURN = "RETURN"
    EXCHANGE = "EXCHANGE"
    NON_RECEIPT = "NON_RECEIPT"


class ClaimStatus(StrEnum):
    CANCEL_REQUESTED = "CANCEL_REQUESTED"
    CANCELLING = "CANCELLING"
    CANCEL_COMPLETED = "CANCEL_COMPLETED"
    RETURN_REQUESTED = "RETURN_REQUESTED"
    RETURNING = "RETURNING"
    RETURN_HELD = "RETURN_HELD"
    RETURN_RECEIVED = "RETURN_RECEIVED"
    RETURN_COMPLETED = "RETURN_COMPLETED"
    EXCHANGE_REQUESTED = "EXCHANGE_REQUESTED"
    EXCHANGE_CONFIRMED = "EXCHANGE_CONFIRMED"
    EXCHANGE_RESHIPPING = "EXCHANGE_RESHIPPING"
    EXCHANGE_COMPLETED = "EXCHANGE_COMPLETED"
    NR_REPORTED = "NR_REPORTED"
    NR_SELLER_CONFIRMED = "NR_SELLER_CONFIRMED"
    NR_REFUNDED = "NR_REFUNDED"
    NR_PARTIALLY_REFUNDED = "NR_PARTIALLY_REFUNDED"
    WITHDRAWN = "WITHDRAWN"


class WithdrawalState(StrEnum):
    REQUESTED = "REQUESTED"
    ACCEPTED = "ACCEPTED"
    HELD = "HELD"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    VOID = "VOID"


class WithdrawalAction(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    REREQUEST = "REREQUEST"


class RejectionReason(StrEnum):
    WANT_REFUND = "WANT_REFUND"
    ITEM_DEFECTIVE = "ITEM_DEFECTIVE"
    ALREADY_RETURNED = "ALREADY_RETURNED"
    OTHER = "OTHER"


class OrderStatus(StrEnum):
    AWAITING_SHIPMENT = "AWAITING_SHIPMENT"
    SHIPPING = "SHIPPING"
    DELIVERED = "DELIVERED"


class ActorKind(StrEnum):
    SELLER = "SELLER"
    BUYER = "BUYER"
    SYSTEM = "SYSTEM"
    OPERATOR = "OPERATOR"


class EventKind(StrEnum):
    CLAIM_FILED = "CLAIM_FILED"
    CLAIM_STATUS_CHANGED = "CLAIM_STATUS_CHANGED"
    WITHDRAWAL_REQUESTED = "WITHDRAWAL_REQUESTED"
    WITHDRAWAL_REREQUESTED = "WITHDRAWAL_REREQUESTED"
    WITHDRAWAL_CANCELLED = "WITHDRAWAL_CANCELLED"
    WITHDRAWAL_ACCEPTED = "WITHDRAWAL_ACCEPTED"
    WITHDRAWAL_REJECTED = "WITHDRAWAL_REJECTED"
    WITHDRAWAL_EXPIRED = "WITHDRAWAL_EXPIRED"
    WITHDRAWAL_VOIDED = "WITHDRAWAL_VOIDED"
    SHIPMENT_REGISTERED = "SHIPMENT_REGISTERED"


class NotificationKind(StrEnum):
    WITHDRAWAL_REQUESTED = "WITHDRAWAL_REQUESTED"
    WITHDRAWAL_CANCELLED = "WITHDRAWAL_CANCELLED"
    WITHDRAWAL_ACCEPTED = "WITHDRAWAL_ACCEPTED"
    WITHDRAWAL_REJECTED = "WITHDRAWAL_REJECTED"
    WITHDRAWAL_EXPIRED = "WITHDRAWAL_EXPIRED"
    WITHDRAWAL_VOIDED = "WITHDRAWAL_VOIDED"
    MEMO_RECEIVED = "MEMO_RECEIVED"
    #: The other party's copy of a withdrawal event (its actor's own confirmation).
    WITHDRAWAL_REQUEST_SENT = "WITHDRAWAL_REQUEST_SENT"
    WITHDRAWAL_CANCEL_CONFIRMED = "WITHDRAWAL_CANCEL_CONFIRMED"
    WITHDRAWAL_ACCEPT_CONFIRMED = "WITHDRAWAL_ACCEPT_CONFIRMED"
    WITHDRAWAL_REJECT_CONFIRMED = "WITHDRAWAL_REJECT_CONFIRMED"
    #: Deadline reminders (policy.REMINDER_DAYS_BEFORE): the buyer's "answer by", the
    #: seller's "the buyer has until".
    WITHDRAWAL_ANSWER_DUE = "WITHDRAWAL_ANSWER_DUE"
    WITHDRAWAL_ANSWER_AWAITED = "WITHDRAWAL_ANSWER_AWAITED"
    #: To the seller: one of their webhook endpoints kept failing and was disabled.
    WEBHOOK_DISABLED = "WEBHOOK_DISABLED"


class MemoStatus(StrEnum):
    UNANSWERED = "UNANSWERED"
    ANSWERED = "ANSWERED"


class MemoChannel(StrEnum):
    BUYER_SELLER = "BUYER_SELLER"
    CUSTOMER_CENTER = "CUSTOMER_CENTER"
    INQUIRY_RECORDS = "INQUIRY_RECORDS"


class MemoType(StrEnum):
    NORMAL = "NORMAL"


class MemoCategory(StrEnum):
    CANCEL_REFUND = "CANCEL_REFUND"
    DELIVERY = "DELIVERY"
    ITEM = "ITEM"
    OTHER = "OTHER"


class InquiryStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    ANSWERED = "ANSWERED"


class Lang(StrEnum):
    """The languages a person reads the portal and the API in (zh is the manual's and
    the default). The one `Lang`: the API's enum is this one, registered in gql.enums."""

    ZH = "zh"
    JA = "ja"
    EN = "en"


class InquiryLang(StrEnum):
    """The languages a question to Qoo10 may be written in: not UI languages (Korean is
    accepted for the operator's desk, the screens are not translated into it)."""

    JA = "ja"
    ZH = "zh"
    KO = "ko"
    EN = "en"
