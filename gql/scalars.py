"""The API's custom scalars with `@specifiedBy`, so a client tool can tell what a `Date`
or an `Upload` is without guessing from the name. Parsing and serialising stay Strawberry's
own (the same values in and out as before); only the description and the specification URL
change. `gql/schema.py` installs them with `scalar_overrides`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from strawberry.file_uploads import Upload
from strawberry.file_uploads.scalars import UploadDefinition
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

#: RFC 3339 section 5.6 defines both `full-date` (YYYY-MM-DD) and `date-time`.
RFC3339_URL = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
#: The GraphQL multipart request spec that Apollo's and urql's upload links implement.
MULTIPART_URL = "https://github.com/jaydenseric/graphql-multipart-request-spec"

DATE = replace(
    DateDefinition,
    description=(
        "A calendar day, `YYYY-MM-DD` (RFC 3339 full-date, ISO 8601), e.g. `2021-08-09`. "
        "Business days (deadlines, request and order dates) are Asia/Tokyo days; no time "
        "or zone."
    ),
    specified_by_url=RFC3339_URL,
)

DATE_TIME = replace(
    DateTimeDefinition,
    description=(
        "An instant, an RFC 3339 / ISO 8601 date-time with its UTC offset, e.g. "
        "`2021-08-03T10:00:00+09:00` (answers are in Tokyo time, +09:00)."
    ),
    specified_by_url=RFC3339_URL,
)

UPLOAD = replace(
    UploadDefinition,
    description=(
        "A file sent as a part of a GraphQL multipart request (`operations`, `map`, file "
        "parts); only in variables. Never appears in answers."
    ),
    specified_by_url=MULTIPART_URL,
)

#: Python type -> scalar, for `strawberry.Schema(scalar_overrides=...)`.
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    dt.date: DATE,
    dt.datetime: DATE_TIME,
    Upload: UPLOAD,
}
