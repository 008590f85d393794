"""The claims page's per-row work done cheaper answers the same: global ids and cursors
through `binascii` equal the `base64` module's, a claim's or order's enums taken as they
are when they are members already and converted otherwise, and `delayed` reads the clock
only for a claim in its first status (gql/ids.py, models/queries.py, gql/claims/types.py,
gql/orders/types.py, gql/fast_fields.py)."""

from __future__ import annotations

import base64
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from gql import fast_fields, ids
from gql.claims.types import Claim
from models import clock as clock_module
from models import policy
from models.clock import Clock
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.queries import ClaimSort, SortDirection, SortKey, encode_cursor


@pytest.mark.parametrize("pk", [1, 7, 42, 999, 2**31 - 1])
@pytest.mark.parametrize("type_name", ["Claim", "Order", "ClaimWithdrawal", "Memo"])
def test_global_ids_are_the_base64_modules(type_name: str, pk: int) -> None:
    expected = base64.b64encode(f"{type_name}:{pk}".encode()).decode()
    assert ids.encode(type_name, pk) == expected
    assert ids.parse(expected) == (type_name, pk)


@pytest.mark.parametrize("day", [date(2026, 12, 5), None])
@pytest.mark.parametrize("pk", [1, 12, 123, 1234, 2**31 - 1])
def test_cursors_are_the_base64_modules(day: date | None, pk: int) -> None:
    for key in SortKey:
        for direction in SortDirection:
            sort = ClaimSort(key, direction)
            text = day.isoformat() if day else ""
            raw = f"{key.value}|{direction.value}|{text}|{pk}".encode()
            expected = base64.urlsafe_b64encode(raw).decode().rstrip("=")
            assert encode_cursor(sort, day, pk) == expected


def _row(**values: Any) -> SimpleNamespace:  # noqa: ANN401
    base: dict[str, Any] = {
        "id": 5,
        "type": ClaimType.CANCEL,
        "status": next(iter(policy.FIRST_STATUSES)),
        "reason": "r",
        "non_receipt_reason": "",
        "non_receipt_type": "",
        "requested_on": date(2026, 1, 1),
        "completed_on": None,
        "collection_method": "",
        "partner_name": "",
        "withdrawal_state": None,
        "response_deadline": None,
    }
    base.update(values)
    return SimpleNamespace(**base)


def test_a_claims_stored_text_still_becomes_its_enum() -> None:
    """Rows hold members (models, plain rows); a raw text is converted as before."""
    as_text = Claim.from_model(
        _row(type="CANCEL", status="CANCEL_REQUESTED", withdrawal_state="REQUESTED")  # type: ignore[arg-type]
    )
    as_members = Claim.from_model(
        _row(  # type: ignore[arg-type]
            type=ClaimType.CANCEL,
            status=ClaimStatus.CANCEL_REQUESTED,
            withdrawal_state=WithdrawalState.REQUESTED,
        )
    )
    for claim in (as_text, as_members):
        assert type(claim.type) is ClaimType and type(claim.status) is ClaimStatus
        assert type(claim.withdrawal_state) is WithdrawalState
        assert claim.id == base64.b64encode(b"Claim:5").decode()
    assert Claim.from_model(_row(withdrawal_state="")).withdrawal_state is None  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Claim.from_model(_row(status="NO_SUCH_STATUS"))  # type: ignore[arg-type]


class _NoClock(Clock):
    def today(self) -> date:
        raise AssertionError("the clock was read")


def test_delayed_reads_the_clock_only_for_a_first_status(monkeypatch: pytest.MonkeyPatch) -> None:
    today = date(2026, 12, 5)
    old = date(2026, 11, 1)
    for status in ClaimStatus:
        claim = Claim.from_model(_row(status=status, requested_on=old))  # type: ignore[arg-type]
        expected = policy.is_delayed(status, old, today)
        if status in policy.FIRST_STATUSES:
            monkeypatch.setattr(clock_module, "_clock", SimpleNamespace(today=lambda: today))
        else:
            monkeypatch.setattr(clock_module, "_clock", _NoClock())
        assert fast_fields._delayed(claim, None) is expected
    assert any(policy.is_delayed(s, old, today) for s in policy.FIRST_STATUSES)
