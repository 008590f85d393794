"""What every list's connection shares: Relay's four paging arguments into the domain's
page request, and a keyset page's `pageInfo`.

Why here: `memos`, `notificationConnection`, `myWithdrawalRequestConnection` and
`myMemoThreadConnection` page with the same helper (`models.keyset`); one conversion keeps
their arguments and `pageInfo` identical to the claim list's.
"""

from __future__ import annotations

from gql.common import PageInfo
from models.keyset import PageRequest

#: The paging arguments' description, the same on every connection field.
PAGING = (
    "Relay paging both ways: `first` rows after `after`, or the `last` rows before "
    "`before` (50 by default, at most 100; one direction per call). Keyset cursors name "
    "their sort: a cursor of another `sort` is refused (INVALID_INPUT)."
)


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> PageRequest:
    return PageRequest(first=first, after=after, last=last, before=before)


def page_info(cursors: list[str], has_next: bool, has_previous: bool) -> PageInfo:
    """Exact both ways: the read model looked one row beyond each edge."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
