"""The executor's short path for plain leaf fields (gql/fast_execution.py) answers exactly
what graphql-core's own path answers: the same data for a page full of labels, enums,
dates and nulls, and the same errors, at the same paths, when a value is wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Annotated, Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gql.fast_execution import FastExecutor
from gql.schema import build_schema
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

PAGE = """query($first: Int) {
  claims(first: $first) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id type status typeLabel statusLabel(lang: JA) withdrawalState withdrawalLabel(lang: EN)
      withdrawalStateLabel delayed reason nonReceiptReason nonReceiptType requestDate
      completeDate collectionMethod partnerName responseDeadline nextRequestAllowedOn
      ja: typeLabel(lang: JA) en: statusLabel(lang: EN)
      order { id orderNo cartNo itemCode sellerItemCode itemName quantity orderDate shipDate
              status statusLabel(lang: JA) carrier trackingNo trackingUrl completeDate }
      withdrawal { id round state stateLabel(lang: EN) deadline requestDate requestedAt
                   heldDate rejectionReason { code text label(lang: JA) } }
      events { id kind label actorLabel(lang: EN) actor round message at fromStatus toState }
    } }
  }
}"""


@pytest.fixture
def graphql_core_path() -> Any:  # noqa: ANN401
    """Switch the schema back to graphql-core's own executor for a block."""
    schema = build_schema(development=False)

    class Switch:
        def __enter__(self) -> None:
            schema.execution_context_class = StrawberryGraphQLCoreExecutionContext

        def __exit__(self, *exc: object) -> None:
            schema.execution_context_class = FastExecutor

    return Switch()


async def test_the_claims_page_answers_the_same_on_both_paths(
    api: Api, graphql_core_path: Any
) -> None:
    claim = await claim_id_of(api, "638452888")
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    answer = {"claimId": claim, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}
    await api.data(ops.RESPOND, {"input": answer}, as_="buyer1")
    assert build_schema(development=False).execution_context_class is FastExecutor
    fast = await api.post(PAGE, {"first": 50}, as_="shop1")
    with graphql_core_path:
        slow = await api.post(PAGE, {"first": 50}, as_="shop1")
    assert "errors" not in fast, fast
    assert fast == slow
    nodes = [e["node"] for e in fast["data"]["claims"]["edges"]]
    held = next(n for n in nodes if n["id"] == claim)
    assert held["withdrawal"]["rejectionReason"]["label"]
    assert any(n["completeDate"] is None for n in nodes)


class Color(Enum):
    RED = "red"


@strawberry.type
class Item:
    name: str
    note: str | None
    color: Color
    count: int


@strawberry.type
class Query:
    @strawberry.field
    def fine(self) -> list[Item]:
        return [Item(name="a", note=None, color=Color.RED, count=1)] * 3

    @strawberry.field
    def null_name(self) -> Item | None:
        return Item(name=None, note="n", color=Color.RED, count=2)  # type: ignore[arg-type]

    @strawberry.field
    def bad_enum(self) -> Item | None:
        return Item(name="c", note=None, color="green", count=3)  # type: ignore[arg-type]

    @strawberry.field
    def bad_int(self) -> list[Item] | None:
        return [
            Item(name="d", note=None, color=Color.RED, count=4),
            Item(name="e", note=None, color=Color.RED, count="x"),  # type: ignore[arg-type]
        ]


async def test_a_wrong_value_is_reported_as_graphql_core_reports_it() -> None:
    item = "{ name note color count }"
    document = f"{{ fine {item} nullName {item} badEnum {item} badInt {item} }}"
    results = []
    for executor in (FastExecutor, StrawberryGraphQLCoreExecutionContext):
        schema = strawberry.Schema(query=Query, execution_context_class=executor)
        result = await schema.execute(document)
        errors = sorted((e.message, tuple(map(str, e.path or ()))) for e in result.errors or [])
        results.append((result.data, errors))
    assert results[0] == results[1]
    data, errors = results[0]
    assert data == {
        "fine": [{"name": "a", "note": None, "color": "RED", "count": 1}] * 3,
        "nullName": None,
        "badEnum": None,
        "badInt": None,
    }
    assert sorted(path for _, path in errors) == [
        ("badEnum", "color"),
        ("badInt", "1", "count"),
        ("nullName", "name"),
    ]


# --- objects and lists of objects read from attributes (completed inline) -------------


@strawberry.interface
class Shape:
    sides: int


@strawberry.type
class Square(Shape):
    label: str


@strawberry.type
class Circle:
    radius: int


@strawberry.type
class Part:
    name: str
    count: int
    note: str | None = None

    @strawberry.field
    async def later(self) -> str:
        if self.name == "late-bad":
            raise ValueError("later failed")
        return self.name.upper()


@strawberry.type
class Holder:
    part: Part
    maybe: Part | None
    parts: list[Part]
    loose: list[Part | None] | None
    square: Square
    shape: Shape
    either: Annotated[Square | Circle, strawberry.union("Either")]


def _holder(**changes: Any) -> Holder:  # noqa: ANN401
    values: dict[str, Any] = {
        "part": Part(name="p", count=1),
        "maybe": None,
        "parts": [Part(name="a", count=1), Part(name="b", count=2, note="n")],
        "loose": [Part(name="c", count=3), None],
        "square": Square(sides=4, label="sq"),
        "shape": Square(sides=4, label="as shape"),
        "either": Circle(radius=2),
    }
    values.update(changes)
    return Holder(**values)


@strawberry.type
class Holders:
    @strawberry.field
    def good(self) -> Holder | None:
        return _holder()

    @strawberry.field
    def deep_error(self) -> Holder | None:
        # an error inside the second item of a non-null list of non-null objects: the
        # null climbs to the nearest nullable field (the holder)
        return _holder(parts=[Part(name="a", count=1), Part(name="b", count="x")])  # type: ignore[arg-type]

    @strawberry.field
    def loose_error(self) -> Holder | None:
        # the same error in a nullable item: only that item is null
        return _holder(loose=[Part(name="a", count=1), Part(name="b", count="x")])  # type: ignore[arg-type]

    @strawberry.field
    def null_part(self) -> Holder | None:
        return _holder(part=None)

    @strawberry.field
    def null_item(self) -> Holder | None:
        return _holder(parts=[Part(name="a", count=1), None])

    @strawberry.field
    def not_a_list(self) -> Holder | None:
        return _holder(loose=Part(name="a", count=1))

    @strawberry.field
    def wrong_type(self) -> Holder | None:
        return _holder(square=Circle(radius=1))

    @strawberry.field
    def late_error(self) -> Holder | None:
        return _holder(
            parts=[Part(name="a", count=1), Part(name="late-bad", count=2)],
            loose=[Part(name="late-bad", count=3), Part(name="d", count=4)],
        )


HOLDER = """{ part { name count note later } maybe { name } parts { name count note later }
  loose { name count later } square { sides label } shape { sides ... on Square { label } }
  either { ... on Square { label } ... on Circle { radius } } }"""
HOLDERS = [
    "good",
    "deepError",
    "looseError",
    "nullPart",
    "nullItem",
    "notAList",
    "wrongType",
    "lateError",
]


async def _both(document: str) -> list[tuple[Any, list[tuple[str, tuple[str, ...]]]]]:
    results = []
    for executor in (FastExecutor, StrawberryGraphQLCoreExecutionContext):
        schema = strawberry.Schema(query=Holders, execution_context_class=executor)
        result = await schema.execute(document)
        errors = sorted((e.message, tuple(map(str, e.path or ()))) for e in result.errors or [])
        results.append((result.data, errors))
    return results


async def test_objects_read_from_attributes_answer_and_fail_as_graphql_core_does() -> None:
    document = "{ " + " ".join(f"{name} {HOLDER}" for name in HOLDERS) + " }"
    fast, slow = await _both(document)
    assert fast == slow
    data, errors = fast
    assert data["good"]["parts"] == [
        {"name": "a", "count": 1, "note": None, "later": "A"},
        {"name": "b", "count": 2, "note": "n", "later": "B"},
    ]
    assert data["good"]["loose"][1] is None and data["good"]["shape"]["label"] == "as shape"
    assert data["good"]["either"] == {"radius": 2}
    for failed in ("deepError", "nullPart", "nullItem", "wrongType", "lateError"):
        assert data[failed] is None, failed
    assert data["looseError"]["loose"] == [{"name": "a", "count": 1, "later": "A"}, None]
    assert data["notAList"]["loose"] is None
    paths = sorted(path for _, path in errors)
    assert paths == sorted(
        [
            ("deepError", "parts", "1", "count"),
            ("looseError", "loose", "1", "count"),
            ("nullPart", "part"),
            ("nullItem", "parts", "1"),
            ("notAList", "loose"),
            ("wrongType", "square"),
            ("lateError", "parts", "1", "later"),
            ("lateError", "loose", "0", "later"),
        ]
    )


async def test_attribute_objects_skip_the_per_field_info() -> None:
    """The short path is taken: graphql-core builds an `Info` for every object field and
    list, the fast executor only for the fields with resolvers of their own."""
    built: dict[type, int] = {}
    for executor in (FastExecutor, StrawberryGraphQLCoreExecutionContext):

        class Counting(executor):  # type: ignore[valid-type, misc]
            counted = executor

            def build_resolve_info(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
                built[self.counted] = built.get(self.counted, 0) + 1
                return super().build_resolve_info(*args, **kwargs)

        schema = strawberry.Schema(query=Holders, execution_context_class=Counting)
        result = await schema.execute("{ good { part { name } parts { name } square { label } } }")
        assert result.errors is None
    # `good` only, against good + part + parts + square and each part's name …
    assert built[FastExecutor] == 1
    assert built[StrawberryGraphQLCoreExecutionContext] > 5


LABELS = """query($first: Int, $lang: Lang) {
  claims(first: $first) { edges { node { id statusLabel(lang: $lang) ja: typeLabel(lang: JA) } } }
}"""


async def test_a_plan_shared_across_requests_still_reads_each_requests_variables(
    api: Api, graphql_core_path: Any
) -> None:
    """Selection sets are planned once per document (gql/fast_execution.py's shared
    plans), except where an argument names a variable: the same document sent again with
    another `lang` answers in that language, exactly as graphql-core's own path does."""
    answers = {}
    for lang in ("JA", "EN", "JA", "ZH"):
        fast = await api.post(LABELS, {"first": 5, "lang": lang}, as_="shop1")
        with graphql_core_path:
            slow = await api.post(LABELS, {"first": 5, "lang": lang}, as_="shop1")
        assert fast == slow
        answers[lang] = [e["node"]["statusLabel"] for e in fast["data"]["claims"]["edges"]]
    assert len({tuple(labels) for labels in answers.values()}) == 3


# --- dates, instants and ints serialized by their type's own call -----------------------


class Day(date):
    """A `date` subclass: not the Date scalar's exact type, so `_complete_leaf` takes it."""


@strawberry.type
class Dated:
    day: date
    maybe_day: date | None
    at: datetime
    count: int


@strawberry.type
class DatedQuery:
    @strawberry.field
    def rows(self) -> list[Dated]:
        at = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
        return [
            Dated(day=date(2026, 12, 5), maybe_day=None, at=at, count=7),
            Dated(day=Day(2026, 1, 2), maybe_day=date(2026, 1, 3), at=at, count=0),
            # a datetime in a Date field: the type's own call, whatever it gives
            Dated(day=at, maybe_day=at, at=at, count=-3),  # type: ignore[arg-type]
        ]

    @strawberry.field
    def too_big(self) -> Dated | None:
        at = datetime(2026, 12, 5, tzinfo=UTC)
        return Dated(day=date(2026, 1, 1), maybe_day=None, at=at, count=2**40)

    @strawberry.field
    def wrong(self) -> Dated | None:
        return Dated(day=date(2026, 1, 1), maybe_day=3, at="x", count=1)  # type: ignore[arg-type]


async def test_dates_instants_and_ints_answer_and_fail_as_graphql_core_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Date, DateTime or Int value of exactly the scalar's Python type goes straight to
    the type's own serializer (no `_complete_leaf`); the answers and errors are
    graphql-core's, an out-of-range int and wrong types included."""
    from gql import fast_execution

    checked: list[Any] = []
    complete_leaf = fast_execution._complete_leaf

    def counting(value: Any, field_type: Any) -> Any:  # noqa: ANN401
        checked.append(value)
        return complete_leaf(value, field_type)

    monkeypatch.setattr(fast_execution, "_complete_leaf", counting)
    document = (
        "{ "
        + " ".join(f"{f} {{ day maybeDay at count }}" for f in ("rows", "tooBig", "wrong"))
        + " }"
    )
    results = []
    for executor in (FastExecutor, StrawberryGraphQLCoreExecutionContext):
        schema = strawberry.Schema(query=DatedQuery, execution_context_class=executor)
        result = await schema.execute(document)
        errors = sorted((e.message, tuple(map(str, e.path or ()))) for e in result.errors or [])
        results.append((result.data, errors))
    assert results[0] == results[1]
    data, errors = results[0]
    assert data["rows"][0] == {
        "day": "2026-12-05",
        "maybeDay": None,
        "at": "2026-12-05T03:00:00+00:00",
        "count": 7,
    }
    assert data["rows"][1]["day"] == "2026-01-02" and data["rows"][2]["count"] == -3
    assert data["tooBig"] is None and data["wrong"] is None
    assert sorted(path for _, path in errors) == [
        ("tooBig", "count"),
        ("wrong", "at"),
        ("wrong", "maybeDay"),
    ]
    # only the values of another type took `_complete_leaf` on the fast path: the date
    # subclass, the datetime in Date fields, the wrong ones (and the too-big int, whose
    # serializer refused it)
    assert date(2026, 12, 5) not in checked and 7 not in checked
    assert Day(2026, 1, 2) in checked and 2**40 in checked


# --- field collection shared across requests ---------------------------------------------


@strawberry.type
class Box:
    name: str
    parts: list[Part]


@strawberry.type
class Boxes:
    @strawberry.field
    def box(self) -> Box:
        return Box(name="b", parts=[Part(name="a", count=1), Part(name="c", count=2)])

    @strawberry.field
    def shape(self) -> Shape:
        return Square(sides=4, label="sq")


def _counting_collections(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count graphql-core's root and subfield collections (what the caches avoid)."""
    from graphql.execution import executor as executor_module

    from gql import fast_execution

    counts = {"root": 0, "sub": 0}
    root, sub = fast_execution._collect_fields, executor_module.collect_subfields

    def counted_root(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        counts["root"] += 1
        return root(*args, **kwargs)

    def counted_sub(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        counts["sub"] += 1
        return sub(*args, **kwargs)

    monkeypatch.setattr(fast_execution, "_collect_fields", counted_root)
    monkeypatch.setattr(executor_module, "collect_subfields", counted_sub)
    fast_execution.install_shared_roots()
    return counts


async def test_a_document_without_directives_is_collected_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same (cached) document asked three times: its root and its objects' fields
    are collected on the first request only, and every answer is graphql-core's."""
    from strawberry.extensions import ParserCache

    counts = _counting_collections(monkeypatch)
    parse_cache = ParserCache()
    document = """query Q { box { name parts { name count } } ...More }
      fragment More on Boxes { shape { sides ... on Square { label } } }"""
    fast = strawberry.Schema(
        query=Boxes,
        types=[Square],
        execution_context_class=FastExecutor,
        extensions=[lambda: parse_cache],  # one cache: the same document objects
    )
    slow = strawberry.Schema(
        query=Boxes, types=[Square], execution_context_class=StrawberryGraphQLCoreExecutionContext
    )
    expected = (await slow.execute(document)).data
    assert expected is not None and expected["shape"] == {"sides": 4, "label": "sq"}
    before = dict(counts)
    for _ in range(3):
        result = await fast.execute(document)
        assert result.errors is None and result.data == expected
    # once each: the root, `box`, `parts` (one list of nodes for both items), `shape`
    assert counts["root"] - before["root"] == 1
    assert counts["sub"] - before["sub"] == 3


async def test_skip_and_include_are_collected_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document with `@skip` / `@include` (on a root field, a subfield, a fragment) is
    collected on every request, so each request's variables decide its fields."""
    from strawberry.extensions import ParserCache

    counts = _counting_collections(monkeypatch)
    parse_cache = ParserCache()
    document = """query Q($a: Boolean!, $b: Boolean!) {
      box { name @include(if: $a) parts @skip(if: $b) { name } }
      shape @include(if: $b) { sides }
      ... on Boxes @include(if: $a) { more: box { name } }
    }"""
    fast = strawberry.Schema(
        query=Boxes,
        types=[Square],
        execution_context_class=FastExecutor,
        extensions=[lambda: parse_cache],  # one cache: the same document objects
    )
    slow = strawberry.Schema(
        query=Boxes, types=[Square], execution_context_class=StrawberryGraphQLCoreExecutionContext
    )
    answers = []
    for a, b in [(True, False), (False, True), (True, True), (True, False)]:
        variables = {"a": a, "b": b}
        before = counts["root"]
        result = await fast.execute(document, variable_values=variables)
        assert counts["root"] == before + 1
        expected = await slow.execute(document, variable_values=variables)
        assert result.errors is None and result.data == expected.data
        answers.append(result.data)
    assert answers[0] == answers[3] and len({str(a) for a in answers}) == 3
