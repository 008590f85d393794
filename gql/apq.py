"""Apollo Automatic Persisted Queries (APQ), with Apollo Server's exact protocol.

Why: Apollo Client's persisted-query link (and urql's, and Relay setups copying it) first
sends only `extensions.persistedQuery = {version: 1, sha256Hash}`, GET or POST, and
resends the full document only when the server answers `PersistedQueryNotFound`. Without
this module such a client saw a plain 400 "no query" and gave up.

The protocol, as Apollo Server answers it:

- hash without `query`, known → run the remembered document;
- hash without `query`, unknown → HTTP 200 (in both response media types: the link reads
  the body, this is a handshake, not a failure), one error with the message
  `PersistedQueryNotFound` and `extensions.code` `PERSISTED_QUERY_NOT_FOUND`, and
  `Cache-Control: private, no-cache, must-revalidate` so no cache keeps the miss of a GET;
- hash with `query` → the SHA-256 of the query (hex, UTF-8) must equal the hash, else 400
  `provided sha does not match query` (`BAD_REQUEST`); then the document is remembered
  and runs;
- a `persistedQuery` that is not `{version: 1, sha256Hash: "<string>"}` → 400
  (`PERSISTED_QUERY_NOT_SUPPORTED` for another version, `BAD_REQUEST` otherwise).

The store is a bounded in-process LRU (`policy.APQ_MAX_DOCUMENTS` documents and
`policy.APQ_MAX_CHARS` characters): nothing to configure or share, and a process that
forgot a hash (another worker, a restart, eviction) only costs the client the resend the
protocol has anyway. Documents are stored after the hash check, before they run: a
document that then fails validation takes a slot until evicted, which the bounds make
harmless.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

from starlette.responses import Response

from gql.http_errors import graphql_error_response
from gql.transport import RequestRefused
from models.policy import APQ_MAX_CHARS, APQ_MAX_DOCUMENTS

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
MISMATCH_MESSAGE = "provided sha does not match query"
#: Apollo's header on the miss, so a CDN never caches "not found" for a GET.
NOT_FOUND_HEADERS = {"Cache-Control": "private, no-cache, must-revalidate"}


class PersistedQueryNotFound(Exception):
    """The hash is not (or no longer) known: the client must send the document with it."""


def not_found_response(media: str) -> Response:
    """Apollo's answer to an unknown hash (status 200, see the module docstring)."""
    return graphql_error_response(
        200, NOT_FOUND_CODE, NOT_FOUND_MESSAGE, headers=NOT_FOUND_HEADERS, media=media
    )


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueries:
    """Documents by SHA-256, least recently used evicted first, bounded in count and size."""

    def __init__(self, max_documents: int = APQ_MAX_DOCUMENTS, max_chars: int = APQ_MAX_CHARS):
        self.max_documents = max_documents
        self.max_chars = max_chars
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._documents)

    def get(self, sha: str) -> str | None:
        query = self._documents.get(sha)
        if query is not None:
            self._documents.move_to_end(sha)
        return query

    def put(self, sha: str, query: str) -> None:
        if len(query) > self.max_chars:
            return  # larger than the whole store: run it, never remember it
        if sha in self._documents:
            self._documents.move_to_end(sha)
            return
        self._documents[sha] = query
        self._chars += len(query)
        while len(self._documents) > self.max_documents or self._chars > self.max_chars:
            _, evicted = self._documents.popitem(last=False)
            self._chars -= len(evicted)

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str | None:
        """The document to run for a request's `query` and `extensions`: the query itself
        when no persisted query is named, else per the protocol (module docstring).
        Raises `PersistedQueryNotFound` or `RequestRefused`."""
        if not extensions or "persistedQuery" not in extensions:
            return query
        sha = _requested_hash(extensions["persistedQuery"])
        if query is None:
            if (known := self.get(sha)) is None:
                raise PersistedQueryNotFound
            return known
        if sha256_hex(query) != sha.lower():
            raise RequestRefused(400, "BAD_REQUEST", MISMATCH_MESSAGE)
        self.put(sha.lower(), query)
        return query


def _requested_hash(persisted: object) -> str:
    if not isinstance(persisted, dict):
        raise RequestRefused(400, "BAD_REQUEST", "extensions.persistedQuery must be an object.")
    version = persisted.get("version")
    if version != 1 or isinstance(version, bool):
        raise RequestRefused(
            400, "PERSISTED_QUERY_NOT_SUPPORTED", "Unsupported persisted query version"
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not sha:
        raise RequestRefused(
            400, "BAD_REQUEST", "extensions.persistedQuery.sha256Hash must be a string."
        )
    return sha.lower()
