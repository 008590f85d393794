"""The one range check for every date a person or client types as a filter.

Why here, below both surfaces: a date picker or a client can send any day of the calendar
(0001-01-01, 9999-12-31), and a filter turns days into instants and adds a day to the end
(`models.memo_box.day_bounds`), which overflows at the calendar's end. The API's filters
and the portal's forms all go through the domain's filters, which call `check_days`, so a
date outside `policy.DATE_INPUT_MIN` … `DATE_INPUT_MAX` is refused the same way
everywhere: INVALID_INPUT on the field, with a sentence in the reader's language.
"""

from __future__ import annotations

from datetime import date

from models import policy
from models.messages import input_refusal


def shown(day: date) -> str:
    """A bound as the screens write dates (2021/08/03)."""
    return day.strftime("%Y/%m/%d")


def in_range(day: date) -> bool:
    return policy.DATE_INPUT_MIN <= day <= policy.DATE_INPUT_MAX


def check_days(**days: date | None) -> None:
    """Refuse the first given day outside the policy's range (`field=day` pairs, named as
    the caller's surface names its fields)."""
    for field, day in days.items():
        if day is not None and not in_range(day):
            raise input_refusal(
                field,
                "date.out_of_range",
                min=shown(policy.DATE_INPUT_MIN),
                max=shown(policy.DATE_INPUT_MAX),
            )
