"""The request body's JSON is read by orjson when it can and by the careful path when it
cannot (gql/transport.py): for any body, both give the same value or the same refusal."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gql import transport
from gql.transport import RequestRefused

MAX_DEPTH = 4

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=12,
)


def _careful(body: bytes) -> object:
    return transport._decode_carefully(body, MAX_DEPTH)


def _outcome(decode, body: bytes) -> tuple[str, object]:  # noqa: ANN001
    try:
        return "value", decode(body)
    except RequestRefused as refused:
        return "refused", refused.code
    except ValueError as invalid:  # not JSON: Strawberry answers 400 "Unable to parse"
        return "invalid", type(invalid).__name__


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_every_json_value_reads_the_same_on_both_paths(value):
    body = json.dumps(value, ensure_ascii=False).encode()
    fast = _outcome(lambda b: transport.decode_json(b, MAX_DEPTH), body)
    assert fast == _outcome(_careful, body)
    if fast[0] == "value":
        assert json.dumps(fast[1]) == json.dumps(value)  # big integers stay integers


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ viewer { id } }", "variables": {"n": 123456789012345678901234}}',
        b'{"a": NaN}',
        b'"\\ud800"',
        b"\xff\xfe",
        b"[" * 1000 + b"]" * 1000,
        b"[" * 5 + b"]" * 5,
        b"[" * 4 + b"]" * 4,
        b"{" * 3,
    ],
)
def test_edge_bodies_read_the_same_on_both_paths(body):
    assert _outcome(lambda b: transport.decode_json(b, MAX_DEPTH), body) == _outcome(_careful, body)
