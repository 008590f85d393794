"""The withdrawal rules as pure checks (§5), shared by the operations and by the
`withdrawalActions` / panel buttons, so a page never guesses why an action is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from models import policy
from models.clock import business_date
from models.entities import Claim, WithdrawalRound
from models.enums import ClaimStatus, ClaimType, Lang, WithdrawalAction, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.labels import label
from models.messages import input_refusal, keyed_refusal, localized, refusal


def check_withdrawable(claim: Claim, latest: WithdrawalRound | None = None) -> None:
    """A claim in progress but out of the seller's hands is refused with the inquiry path
    (the manual's advice); a claim that is over says what happened instead, since no
    inquiry can change it (issue 12)."""
    status = ClaimStatus(claim.status)
    if status in policy.WITHDRAWABLE_STATUSES:
        return
    if status in policy.CLOSED_STATUSES:
        raise closed_refusal(claim, latest)
    raise refusal(
        ErrorCode.CLAIM_NOT_WITHDRAWABLE,
        status=status.value,
        status_label=label(status),
        inquiry_path=policy.INQUIRY_PATH,
    )


def _ymd(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (business_date(value) if isinstance(value, datetime) else value).strftime("%Y/%m/%d")


def closed_refusal(claim: Claim, latest: WithdrawalRound | None) -> DomainError:
    """CLAIM_NOT_WITHDRAWABLE for a claim that is over, saying what happened and when.

    A withdrawn claim (the buyer accepted, or the request expired) has nothing left to
    withdraw: no inquiry path, which is how the panel knows not to offer the inquiry link.
    A completed one (取消完成, 退货完成, 退款完成 …) is on the manual's ※注意 list, whose way
    is the inquiry: its sentence gives the completion date and the path."""
    on = _ymd(claim.completed_on or claim.updated_at)
    status = ClaimStatus(claim.status)
    if status != ClaimStatus.WITHDRAWN:
        return _logged(
            keyed_refusal(
                ErrorCode.CLAIM_NOT_WITHDRAWABLE,
                "claim.closed.completed",
                status=status.value,
                on=on,
                inquiry_path=policy.INQUIRY_PATH,
            )
        )
    deadline = _ymd(latest.deadline) if latest is not None else ""
    if claim.withdrawal_state == WithdrawalState.ACCEPTED:
        key = "claim.closed.accepted"
    elif claim.withdrawal_state == WithdrawalState.EXPIRED and deadline:
        key = "claim.closed.expired"
    else:
        key = "claim.closed.withdrawn"
    return _logged(
        keyed_refusal(
            ErrorCode.CLAIM_NOT_WITHDRAWABLE, key, status=status.value, on=on, deadline=deadline
        )
    )


def _logged(error: DomainError) -> DomainError:
    """The error's own message as `messages.refusal` writes it (logs, the CLI): the zh
    sentence and the raw values, which no reader-facing text shows."""
    raw = " ".join(f"{k}={v}" for k, v in error.params.items() if k != "message_key")
    error.message = f"{localized(error, Lang.ZH)} [{error.code.value} {raw}]"
    error.args = (error.message,)
    return error


#: When each round state was reached (the date a "changed meanwhile" sentence names).
_REACHED_AT = {
    WithdrawalState.REQUESTED: "requested_at",
    WithdrawalState.HELD: "held_at",
    WithdrawalState.ACCEPTED: "responded_at",
    WithdrawalState.EXPIRED: "expired_at",
    WithdrawalState.CANCELLED: "cancelled_at",
    WithdrawalState.VOID: "voided_at",
}


def changed_meanwhile(code: ErrorCode, latest: WithdrawalRound | None) -> DomainError:
    """The refusal of an action on a round that is no longer what the user saw, saying
    what happened to it (the buyer rejected on …, the request expired on …) rather than
    the bare "there is no request" (issue 12). The code stays the contract's."""
    if latest is None:
        return refusal(code)
    state = WithdrawalState(latest.state)
    return _logged(
        keyed_refusal(
            code,
            f"withdrawal.changed.{state.value.lower()}",
            on=_ymd(getattr(latest, _REACHED_AT[state])),
            deadline=_ymd(latest.deadline),
            round=str(latest.round_no),
        )
    )


def check_request(claim: Claim, today: date, latest: WithdrawalRound | None = None) -> None:
    """A first request (or a new one after a cancel / void)."""
    check_withdrawable(claim, latest)
    state = claim.withdrawal_state
    if state in policy.OPEN_ROUND_STATES:
        raise refusal(
            ErrorCode.WITHDRAWAL_ALREADY_PENDING,
            state=WithdrawalState(state).value,
            state_label=label(WithdrawalState(state)),
        )
    allowed_on = claim.next_request_allowed_on
    if allowed_on is not None and today < allowed_on:
        raise refusal(ErrorCode.COOLDOWN_ACTIVE, allowed_on=allowed_on.strftime("%Y/%m/%d"))


def check_cancel(claim: Claim, latest: WithdrawalRound | None = None) -> None:
    """Only an open round (REQUESTED or HELD) can be cancelled; otherwise the refusal
    says what became of the last one, when there is one."""
    if claim.withdrawal_state not in policy.OPEN_ROUND_STATES:
        raise changed_meanwhile(ErrorCode.NO_PENDING_WITHDRAWAL, latest)


def rerequest_allowed_on(latest: WithdrawalRound | None) -> date | None:
    if latest is None or latest.state != WithdrawalState.HELD or latest.held_at is None:
        return None
    return policy.request_allowed_after_rejection(business_date(latest.held_at))


def check_rerequest(claim: Claim, latest: WithdrawalRound | None, today: date) -> None:
    if claim.withdrawal_state != WithdrawalState.HELD:
        raise refusal(ErrorCode.WITHDRAWAL_NOT_ON_HOLD)
    check_withdrawable(claim, latest)
    allowed_on = rerequest_allowed_on(latest)
    if allowed_on is not None and today < allowed_on:
        raise refusal(ErrorCode.COOLDOWN_ACTIVE, allowed_on=allowed_on.strftime("%Y/%m/%d"))


def check_respond(claim: Claim) -> None:
    if claim.withdrawal_state != WithdrawalState.REQUESTED:
        raise refusal(ErrorCode.NO_PENDING_WITHDRAWAL)


def clean_message(text: str | None, field: str = "sellerMessage") -> str:
    """The seller message: required, trimmed, 1–1000 characters, no control characters."""
    value = (text or "").strip()
    if len(value) < policy.MESSAGE_MIN_LENGTH:
        raise input_refusal(field, "seller_message.required")
    if len(value) > policy.MESSAGE_MAX_LENGTH:
        raise input_refusal(
            field,
            "seller_message.too_long",
            max=str(policy.MESSAGE_MAX_LENGTH),
            length=str(len(value)),
        )
    reject_control_chars(value, field)
    return value


def reject_control_chars(value: str, field: str) -> None:
    """NUL and other C0 control characters (except tab and newlines) are refused."""
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in value) or "\x7f" in value:
        raise input_refusal(field, "text.control_chars")


def clean_text(value: str | None, field: str, max_length: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise input_refusal(field, "text.required")
    if len(text) > max_length:
        raise input_refusal(field, "text.too_long", max=str(max_length))
    reject_control_chars(text, field)
    return text


@dataclass(frozen=True)
class ActionAvailability:
    """Whether a seller action is possible now and, if not, the code and sentence why."""

    action: WithdrawalAction
    allowed: bool
    error: DomainError | None = None


def withdrawal_actions(
    claim: Claim, latest: WithdrawalRound | None, today: date
) -> list[ActionAvailability]:
    """Every seller action with its availability, evaluated by the same checks the ops use."""
    checks = {
        WithdrawalAction.REQUEST: lambda: check_request(claim, today, latest),
        WithdrawalAction.CANCEL: lambda: check_cancel(claim, latest),
        WithdrawalAction.REREQUEST: lambda: check_rerequest(claim, latest, today),
    }
    result = []
    for action, check in checks.items():
        try:
            check()
        except DomainError as exc:
            result.append(ActionAvailability(action, False, exc))
        else:
            result.append(ActionAvailability(action, True))
    return result


def check_complete_cancel(claim: Claim) -> None:
    """The FAQ's other way out: the seller accepts a cancellation the buyer requested."""
    if claim.type != ClaimType.CANCEL or claim.status != ClaimStatus.CANCEL_REQUESTED:
        raise keyed_refusal(
            ErrorCode.INVALID_TRANSITION, "transition.complete_cancel", status=claim.status
        )


class PanelAction(StrEnum):
    """The transaction panel's buttons: the withdrawal actions plus accepting a
    cancellation. Why not a member of `WithdrawalAction`: that enum is the API's
    `withdrawalActions` contract (exactly request, cancel, re-request)."""

    REQUEST = WithdrawalAction.REQUEST.value
    CANCEL = WithdrawalAction.CANCEL.value
    REREQUEST = WithdrawalAction.REREQUEST.value
    COMPLETE_CANCEL = "COMPLETE_CANCEL"


@dataclass(frozen=True)
class PanelActionAvailability:
    """One panel button: allowed now or, if not, the refusal the operation would raise."""

    action: PanelAction
    allowed: bool
    error: DomainError | None = None


def panel_actions(
    claim: Claim, latest: WithdrawalRound | None, today: date
) -> list[PanelActionAvailability]:
    """Every button of the panel from one list: the withdrawal actions (same checks as
    `withdrawal_actions`) and complete-cancel (the check `claims.complete_cancel` runs)."""
    result = [
        PanelActionAvailability(PanelAction(a.action.value), a.allowed, a.error)
        for a in withdrawal_actions(claim, latest, today)
    ]
    try:
        check_complete_cancel(claim)
    except DomainError as exc:
        result.append(PanelActionAvailability(PanelAction.COMPLETE_CANCEL, False, exc))
    else:
        result.append(PanelActionAvailability(PanelAction.COMPLETE_CANCEL, True))
    return result


def next_request_allowed_on(claim: Claim, today: date) -> date | None:
    """The cooldown's end when one is active, else None."""
    allowed = claim.next_request_allowed_on
    return allowed if allowed is not None and today < allowed else None


def rerequest_deadline(claim: Claim, latest: WithdrawalRound | None, today: date) -> date | None:
    """客户回应期限 (重新请求): the deadline a re-request would get if made today."""
    if claim.withdrawal_state != WithdrawalState.HELD:
        return None
    allowed = rerequest_allowed_on(latest) or today
    return policy.response_deadline(max(today, allowed))


def reject_unknown(value: object, field: str) -> DomainError:
    return input_refusal(field, "value.unknown")
