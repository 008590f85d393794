"""The GraphQL documents the HTTP benchmarks send (the raw routes in `floors.py` answer
the same JSON for the same body)."""

from __future__ import annotations

import httpx

LOGIN = (
    "mutation Login($loginId: String!, $password: String!) "
    "{ login(input: {loginId: $loginId, password: $password}) { token } }"
)


def login_token(base: str) -> str:
    """A bearer token for the big seller on the server at `base` (every HTTP part signs in
    once, before it measures)."""
    from tests.bench import generate

    answer = httpx.post(
        f"{base}/graphql",
        json={
            "query": LOGIN,
            "variables": {"loginId": generate.BIG_SELLER_LOGIN, "password": generate.PASSWORD},
        },
        timeout=30,
    )
    return answer.json()["data"]["login"]["token"]


VIEWER = (
    "query Viewer { viewer { id loginId kind displayName lang ... on SellerViewer { shopName } } }"
)

#: The list page: the 13 columns of the portal's list (checkbox + the 12 of rows.COLUMNS).
CLAIMS = """query Claims($first: Int) {
  claims(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id type status typeLabel statusLabel withdrawalState withdrawalStateLabel delayed
        reason nonReceiptReason requestDate completeDate collectionMethod
        order { orderNo cartNo itemCode sellerItemCode orderDate shipDate }
      }
    }
  }
}"""

#: The transaction panel (交易信息) of one order, without `withdrawalActions` (whose rules
#: the raw route would have to re-implement).
ORDER = """query Order($orderNo: String!) {
  order(orderNo: $orderNo) {
    id orderNo cartNo itemCode itemName quantity optionInfo orderDate shipDate carrier
    trackingNo status statusLabel shopName buyerMaskedId hasUnansweredMemo
    claim {
      id type status statusLabel reason requestDate withdrawalState
      withdrawal { id round state sellerMessage requestDate deadline heldDate }
      withdrawalRounds { id round state requestDate deadline }
      events { id kind actor round message at }
    }
    memos { id sender title body status sentAt }
  }
}"""

GRID = """query Grid($filter: ClaimFilter) {
  claimStatusCounts(filter: $filter) {
    cells { type status count delayed subRow label }
    withdrawalRequested withdrawalHeld
  }
}"""

REQUEST = """mutation Request($input: ClaimWithdrawalRequestInput!) {
  claimWithdrawalRequest(input: $input) {
    claim { id withdrawalState }
    withdrawal { id round state deadline }
    userErrors { code }
  }
}"""

#: Triage (issue 12): the list's first page sorted by 客户回应期限 (soonest first, claims
#: without an open round last), optionally only deadlines within N days; the list's columns
#: (rows.COLUMNS) plus the deadline, and the total the portal shows.
TRIAGE = """query Triage($filter: ClaimFilter, $sort: ClaimSort, $first: Int) {
  claims(filter: $filter, sort: $sort, first: $first) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor
      node {
        id type status typeLabel statusLabel withdrawalState withdrawalStateLabel delayed
        reason nonReceiptReason requestDate responseDeadline completeDate collectionMethod
        order { orderNo cartNo itemCode sellerItemCode orderDate shipDate }
      }
    }
  }
}"""
