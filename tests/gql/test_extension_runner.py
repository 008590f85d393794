"""The lean extension runner (gql/extension_runner.py) runs generator hooks exactly as
Strawberry's context managers do: the same order on entry and exit, the same exception
seen by each hook, the same exception (or none) out of the block."""

from __future__ import annotations

import itertools

import pytest
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner

from gql.extension_runner import LeanExtensionsRunner


class Boom(Exception):
    pass


def extension(name: str, log: list[str], behaviour: str) -> SchemaExtension:
    """An extension whose on_operation logs, and on exit does `behaviour`: `plain`,
    `raise` (a new error), `swallow` (catches what is thrown in)."""

    class Logged(SchemaExtension):
        def on_operation(self):  # noqa: ANN202
            log.append(f"{name} in")
            try:
                yield
            except Exception as exc:
                log.append(f"{name} saw {exc}")
                if behaviour != "swallow":
                    raise
                return
            log.append(f"{name} out")
            if behaviour == "raise":
                raise Boom(f"from {name}")

    return Logged()


def run(runner_class: type, behaviours: tuple[str, ...], fail_in_block: bool) -> list[str]:
    log: list[str] = []
    extensions = [extension(str(i), log, b) for i, b in enumerate(behaviours)]
    runner = runner_class(execution_context=None, extensions=extensions)
    try:
        with runner.operation():
            log.append("block")
            if fail_in_block:
                raise Boom("in block")
    except Boom as exc:
        log.append(f"raised {exc} (context {exc.__context__})")
    return log


@pytest.mark.parametrize("fail_in_block", [False, True])
@pytest.mark.parametrize(
    "behaviours", list(itertools.product(("plain", "raise", "swallow"), repeat=2))
)
def test_generator_hooks_run_as_strawberrys_context_managers_run_them(behaviours, fail_in_block):
    expected = run(SchemaExtensionsRunner, behaviours, fail_in_block)
    assert run(LeanExtensionsRunner, behaviours, fail_in_block) == expected
