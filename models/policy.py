"""Every number and status set of the withdrawal rules (domain.md §5), in one place.

A rule change is a one-line change here; nothing else in the code base spells these
numbers out.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from models.enums import ClaimStatus, ClaimType, WithdrawalState

BUSINESS_TZ = ZoneInfo("Asia/Tokyo")

#: The buyer may answer through the end of request date + 6 (a 7-day window).
RESPONSE_WINDOW_DAYS = 6
#: After a seller cancels a request, a new one is refused for this many days.
CANCEL_COOLDOWN_DAYS = 5
#: Optional cooldown after a buyer rejection; the manual's screenshot allows same-day.
REJECTION_COOLDOWN_DAYS = 0
#: A claim still in its first status more than this many days after its request is delayed.
DELAY_DAYS = 4
#: The claim list's "deadline within N days" filter: N when the seller gives none, and the
#: largest N accepted (a deadline is never further away than the response window).
DEADLINE_WITHIN_DAYS_DEFAULT = 2
DEADLINE_WITHIN_DAYS_MAX = 99
#: Every date typed as a filter (the API's `ClaimFilter` / `MemoFilter`, the portal's query
#: forms and memo box) lies within these days; outside them it is a typo or a probe and is
#: refused with a sentence before it reaches date arithmetic (9999-12-31 + 1 day overflowed
#: into a 500). The marketplace's orders all lie well inside.
DATE_INPUT_MIN = date(2000, 1, 1)
DATE_INPUT_MAX = date(2100, 12, 31)
#: Rows per page of the portal's claim list: the choices offered, and the default.
LIST_PAGE_SIZES = (10, 20, 50, 100)
LIST_PAGE_SIZE_DEFAULT = 50
#: Seller message length, after trimming.
MESSAGE_MIN_LENGTH = 1
MESSAGE_MAX_LENGTH = 1000
#: Buyer rejection text, memo and inquiry limits.
REJECTION_TEXT_MAX_LENGTH = 1000
MEMO_TITLE_MAX_LENGTH = 200
MEMO_BODY_MAX_LENGTH = 4000
INQUIRY_TITLE_MAX_LENGTH = 200
INQUIRY_BODY_MAX_LENGTH = 4000
CARRIER_MAX_LENGTH = 50
#: Longest idempotency key a caller may send (API input and the portal's hidden field).
IDEMPOTENCY_KEY_MAX_LENGTH = 100
#: A buyer answers their pending withdrawal requests from one page (MyQoo10 and
#: `myWithdrawalRequests` alike); more than this is not realistic.
PENDING_REQUESTS_MAX = 100
#: A bulk withdrawal request (the list's selection or "all N matching", and
#: `claimWithdrawalRequestBulk`) asks at most this many claims per call; a query matching
#: more is refused with a sentence asking to narrow it.
BULK_REQUEST_MAX = 100
#: The notice inbox (Qpost / MyQoo10, `notifications`) shows the newest this many notices;
#: older ones stay in the database.
INBOX_MAX_NOTICES = 100
#: `nodes(ids:)` fetches at most this many objects by global ID per call (Relay refetch
#: of a page; the same bound as a page of a list).
NODES_MAX_IDS = 100
#: A REQUESTED round whose 客户回应期限 is at most this many days away reminds both parties
#: (once per round): the buyer to answer, the seller that the buyer still has until then.
REMINDER_DAYS_BEFORE = 2
#: The memo box pages through every row this many at a time (portal and `memoBox`), and
#: its checkboxes act on at most one page.
MEMO_BOX_PAGE_SIZE = 50
#: MyQoo10 shows the buyer's conversations with the latest memo first, at most this many
#: (portal and `myMemoThreads` alike).
MY_THREADS_MAX = 20
#: Order number, cart number and Qoo10 item code (their columns, and every form field
#: that looks one up); the seller's own item code is longer.
ORDER_CODE_MAX_LENGTH = 20
SELLER_ITEM_CODE_MAX_LENGTH = 50
TRACKING_NO_MAX_LENGTH = 40
#: The manual's inquiry path for claims the portal cannot withdraw.
INQUIRY_PATH = "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回"

WITHDRAWABLE_STATUSES: frozenset[ClaimStatus] = frozenset(
    {
        ClaimStatus.CANCEL_REQUESTED,
        ClaimStatus.RETURN_REQUESTED,
        ClaimStatus.RETURNING,
        ClaimStatus.EXCHANGE_REQUESTED,
        ClaimStatus.EXCHANGE_CONFIRMED,
    }
)
BLOCKED_STATUSES: frozenset[ClaimStatus] = frozenset(ClaimStatus) - WITHDRAWABLE_STATUSES

#: A withdrawal round is "open" (the seller may cancel it; no new request) in these states:
#: waiting for the buyer, or rejected and waiting for the seller's re-request or cancel.
OPEN_ROUND_STATES: frozenset[WithdrawalState] = frozenset(
    {WithdrawalState.REQUESTED, WithdrawalState.HELD}
)

#: Statuses after which a claim is closed history (the order may get a new claim).
CLOSED_STATUSES: frozenset[ClaimStatus] = frozenset(
    {
        ClaimStatus.CANCEL_COMPLETED,
        ClaimStatus.RETURN_COMPLETED,
        ClaimStatus.EXCHANGE_COMPLETED,
        ClaimStatus.NR_REFUNDED,
        ClaimStatus.NR_PARTIALLY_REFUNDED,
        ClaimStatus.WITHDRAWN,
    }
)
#: The first status of each claim type: where a filed claim starts, and what "delayed" means.
FIRST_STATUS: dict[ClaimType, ClaimStatus] = {
    ClaimType.CANCEL: ClaimStatus.CANCEL_REQUESTED,
    ClaimType.RETURN: ClaimStatus.RETURN_REQUESTED,
    ClaimType.EXCHANGE: ClaimStatus.EXCHANGE_REQUESTED,
    ClaimType.NON_RECEIPT: ClaimStatus.NR_REPORTED,
}
FIRST_STATUSES: frozenset[ClaimStatus] = frozenset(FIRST_STATUS.values())
#: An open cancel claim blocks shipment registration (the FAQ case).
SHIPMENT_BLOCKING_STATUSES: frozenset[ClaimStatus] = frozenset(
    {ClaimStatus.CANCEL_REQUESTED, ClaimStatus.CANCELLING}
)
#: Which statuses belong to which claim type (a status names its type).
STATUSES_BY_TYPE: dict[ClaimType, tuple[ClaimStatus, ...]] = {
    ClaimType.CANCEL: (
        ClaimStatus.CANCEL_REQUESTED,
        ClaimStatus.CANCELLING,
        ClaimStatus.CANCEL_COMPLETED,
    ),
    ClaimType.RETURN: (
        ClaimStatus.RETURN_REQUESTED,
        ClaimStatus.RETURNING,
        ClaimStatus.RETURN_HELD,
        ClaimStatus.RETURN_RECEIVED,
        ClaimStatus.RETURN_COMPLETED,
    ),
    ClaimType.EXCHANGE: (
        ClaimStatus.EXCHANGE_REQUESTED,
        ClaimStatus.EXCHANGE_CONFIRMED,
        ClaimStatus.EXCHANGE_RESHIPPING,
        ClaimStatus.EXCHANGE_COMPLETED,
    ),
    ClaimType.NON_RECEIPT: (
        ClaimStatus.NR_REPORTED,
        ClaimStatus.NR_SELLER_CONFIRMED,
        ClaimStatus.NR_REFUNDED,
        ClaimStatus.NR_PARTIALLY_REFUNDED,
    ),
}


def response_deadline(requested_on: date) -> date:
    """Last business day on which the buyer may answer a request made on `requested_on`."""
    return requested_on + timedelta(days=RESPONSE_WINDOW_DAYS)


def is_past_deadline(deadline: date, today: date) -> bool:
    """A round expires on the first day after its deadline day (7/29 → 8/4 → expired 8/5)."""
    return today > deadline


def request_allowed_after_cancel(cancelled_on: date) -> date:
    """First business day a new request is allowed after a seller cancel (8/04 → 8/09)."""
    return cancelled_on + timedelta(days=CANCEL_COOLDOWN_DAYS)


def request_allowed_after_rejection(held_on: date) -> date:
    """First business day a re-request is allowed after the buyer rejected."""
    return held_on + timedelta(days=REJECTION_COOLDOWN_DAYS)


def delayed_before(today: date) -> date:
    """Claims in a first status with a request date before this day are delayed."""
    return today - timedelta(days=DELAY_DAYS)


def is_delayed(status: ClaimStatus, requested_on: date, today: date) -> bool:
    """Still in its first status more than DELAY_DAYS days after the request date."""
    return status in FIRST_STATUSES and requested_on < delayed_before(today)


#: Memo attachments: at most this many bytes, and only these content types (sniffed).
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES: dict[str, str] = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
#: Sessions last this long.
SESSION_DAYS = 7
#: Sign-in input limits (both surfaces refuse longer values with a sentence).
LOGIN_ID_MAX_LENGTH = 64
PASSWORD_MAX_LENGTH = 200
#: Login throttle (access/throttle.py), in real seconds, shared by every server process.
#: Per login id, whatever the address: this many attempts are free, then each further
#: attempt must wait LOGIN_DELAY_BASE_SECONDS, doubling each time, at most
#: LOGIN_MAX_DELAY_SECONDS (a delay, never a lockout of the real user).
LOGIN_MAX_FAILURES = 5
LOGIN_DELAY_BASE_SECONDS = 1
LOGIN_MAX_DELAY_SECONDS = 60
#: Per address (any login ids): this many attempts are free, then the same doubling delay
#: up to LOGIN_ADDRESS_MAX_DELAY_SECONDS. IPv6 addresses count per /64.
LOGIN_MAX_FAILURES_PER_ADDRESS = 30
LOGIN_ADDRESS_MAX_DELAY_SECONDS = 15 * 60
LOGIN_IPV6_PREFIX = 64
#: Counters forget an id or address this long after its last attempt (rows are pruned).
LOGIN_FAILURE_WINDOW_MINUTES = 15
#: argon2 runs on this many low-priority threads per server process; when this many
#: sign-ins already wait for one, the next is refused as "too many attempts" (shed, not
#: queued without end): a flood from many addresses cannot take the CPU from other pages.
PASSWORD_HASHING_THREADS = 1
PASSWORD_HASHING_MAX_WAITING = 16
#: Apollo Automatic Persisted Queries (`gql/apq.py`): each server process remembers at most
#: this many documents by their SHA-256, and at most this many characters of them in all
#: (least recently used first out); a forgotten hash costs the client one resend.
APQ_MAX_DOCUMENTS = 1000
APQ_MAX_CHARS = 4_000_000
#: Background jobs (models/jobs, docs/jobs.md): the sweep and the reminders run once per
#: this many seconds (QSM_SWEEP_INTERVAL overrides); a failing job is tried this many times
#: in all, waiting base**attempt seconds between tries.
SWEEP_INTERVAL_SECONDS = 60
JOB_MAX_ATTEMPTS = 5
JOB_RETRY_BASE_SECONDS = 2
#: A worker writes its heartbeat this often; one silent for JOB_STALLED_AFTER_SECONDS is
#: taken for dead and its running jobs go back to the queue (QSM_JOB_STALLED_AFTER overrides).
JOB_HEARTBEAT_SECONDS = 10
JOB_STALLED_AFTER_SECONDS = 30

# ---- Webhooks and their outbox (issue 14 items 2 and 5; docs/webhooks.md) -------------
#: Every delivery is tried at most this many times; before attempt n+1 (n >= 1) it waits
#: WEBHOOK_RETRY_BASE_SECONDS * 2**(n-1), at most WEBHOOK_RETRY_MAX_SECONDS
#: (QSM_WEBHOOK_RETRY_BASE overrides the base, for tests). Wall-clock seconds.
WEBHOOK_MAX_ATTEMPTS = 6
WEBHOOK_RETRY_BASE_SECONDS = 5.0
WEBHOOK_RETRY_MAX_SECONDS = 3600.0
#: One POST may take this long (connect + answer) before it counts as failed.
WEBHOOK_TIMEOUT_SECONDS = 10.0
#: An attempt in flight holds its delivery this long (the timeout plus a margin): a worker
#: killed mid-POST leaves it to be tried again after the lease, never twice at once.
WEBHOOK_LEASE_SECONDS = 30.0
#: The dispatcher looks for due deliveries this often (inline loop and worker job), and
#: takes at most this many per pass.
WEBHOOK_POLL_SECONDS = 2.0
WEBHOOK_BATCH = 20
#: An endpoint whose deliveries exhausted their attempts this many times in a row is
#: disabled and its seller gets a notice.
WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES = 3
#: After a rotation the previous secret still signs (a second signature) this long.
WEBHOOK_SECRET_GRACE_HOURS = 24
#: Limits on what a seller registers.
WEBHOOK_MAX_ENDPOINTS = 10
WEBHOOK_URL_MAX_LENGTH = 2000
WEBHOOK_DESCRIPTION_MAX_LENGTH = 200
#: The answer excerpt kept per attempt, and deliveries per page of the log.
WEBHOOK_EXCERPT_CHARS = 300
WEBHOOK_LOG_PAGE_MAX = 100
#: A DELIVERED or FAILED webhook delivery (with its attempts) is deleted this many days
#: after its last attempt; a PENDING one never (models/webhooks/retention.py). Deleted
#: WEBHOOK_PRUNE_BATCH at a time, every WEBHOOK_PRUNE_SECONDS.
WEBHOOK_RETENTION_DAYS = 30
WEBHOOK_PRUNE_BATCH = 1000
WEBHOOK_PRUNE_SECONDS = 3600.0

# ---- Exports as jobs (issue 14 item 4; docs/exports.md) ----------------------------------
#: An [Excel] download of at least
#: EXPORT_JOB_THRESHOLD_ROWS rows becomes a background job with a progress bar (below it,
#: the file downloads at once, built in another process); the job writes its progress
#: every EXPORT_PROGRESS_EVERY_ROWS rows; a finished file is kept EXPORT_KEEP_HOURS after
#: the export was asked for, then deleted; a seller has at most EXPORT_MAX_ACTIVE exports
#: queued or running at once; the serving process builds files in EXPORT_PROCESSES other processes.
EXPORT_JOB_THRESHOLD_ROWS = 5_000
EXPORT_PROGRESS_EVERY_ROWS = 1_000
EXPORT_KEEP_HOURS = 24
EXPORT_MAX_ACTIVE = 3
EXPORT_PROCESSES = 2
#: Those processes run at SCHED_IDLE with idle I/O (models/jobs/background.py: only on cores
#: the server leaves idle); where Linux's SCHED_IDLE cannot be set, at this `nice` level.
EXPORT_PROCESS_NICENESS = 10
#: ... and are kept on this many CPUs, the last of those the server may use: a background
#: process free to move is pulled onto whichever core idles for a moment, the core a
#: request is about to run on (docs/exports.md, "Why one core").
EXPORT_CPUS = 1
#: At most this many ticked claims in one export (the list's checkboxes, `selectedIds`).
EXPORT_MAX_SELECTED = 1000

# --- ciworkers: old jobs deleted (docs/jobs.md) ---
#: Finished job rows (procrastinate_jobs and their events) are deleted by the periodic
#: `qsm.delete_old_jobs` job (Procrastinate's builtin remove_old_jobs): succeeded ones this
#: many hours after they finished; failed, cancelled and aborted ones after the longer
#: JOB_FAILED_RETENTION_HOURS (kept for diagnosis). The cleanup runs every
#: JOB_CLEANUP_INTERVAL_SECONDS (QSM_JOB_CLEANUP_INTERVAL overrides, for tests).
JOB_RETENTION_HOURS = 7 * 24
JOB_FAILED_RETENTION_HOURS = 30 * 24
JOB_CLEANUP_INTERVAL_SECONDS = 3600
