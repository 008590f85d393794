"""Strawberry's extension runner, with the hooks found once per extension class.

Why: on every request Strawberry builds four context managers (operation, parse,
validate, execute) and, in each, looks up every extension's hook, checks its kind with
`inspect`, wraps it with `contextlib.contextmanager` (which copies the function's
metadata) and enters it through an `ExitStack`: ~22 µs of a `viewer` request (~0.5 ms)
for our two extensions (gql/limits.py), whose hooks never change.

What: a hook that is a plain generator method (all of ours) is looked up once per
extension class and run by `_GeneratorHooks`, which does what `ExitStack` over
`contextlib.contextmanager` does for such hooks: each generator runs to its `yield` on
entry (in order) and on exit (in reverse order) runs on, or has the block's exception
thrown in at its `yield`; an exception a hook raises on exit is thrown into the hooks
entered before it, and the block's exception goes on even if a hook swallowed it (as
with Strawberry's managers, tests/gql/test_extension_runner.py). Any other kind
of hook (async generators, plain or async functions) and the stream-result hook go
through Strawberry's own context managers, unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
)
from strawberry.extensions.runner import SchemaExtensionsRunner

Hook = Callable[[SchemaExtension], Generator[None, None, None]]

#: (extension class, hook name) -> the generator method, None (no hook), or False (a
#: hook of another kind: Strawberry's own context manager runs this stage).
_HOOKS: dict[tuple[type, str], Hook | None | bool] = {}


def _hook(cls: type, name: str) -> Hook | None | bool:
    key = (cls, name)
    if key not in _HOOKS:
        function = getattr(cls, name)
        if function is getattr(SchemaExtension, name):
            _HOOKS[key] = None
        elif inspect.isgeneratorfunction(function):
            _HOOKS[key] = function
        else:
            _HOOKS[key] = False
    return _HOOKS[key]


class _GeneratorHooks:
    """One stage's generator hooks, entered and left as `ExitStack` would."""

    __slots__ = ("_hooks", "_extensions", "_running")

    def __init__(self, hooks: list[Hook], extensions: list[SchemaExtension]) -> None:
        self._hooks = hooks
        self._extensions = extensions
        self._running: list[Generator[None, None, None]] = []

    def __enter__(self) -> None:
        running = self._running
        try:
            for hook, extension in zip(self._hooks, self._extensions, strict=True):
                generator = hook(extension)
                next(generator)
                running.append(generator)
        except BaseException as exc:
            if not self.__exit__(type(exc), exc, exc.__traceback__):
                raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        pending = exc
        while self._running:
            generator = self._running.pop()
            try:
                if pending is None:
                    next(generator)
                else:
                    generator.throw(pending)
            except StopIteration:
                pending = None  # ran to its end (or swallowed the exception)
                continue
            except BaseException as raised:  # noqa: BLE001 - handed on, as ExitStack does
                if raised is not pending:  # what it replaces (none, if that was swallowed)
                    raised.__context__ = pending
                pending = raised
                continue
            generator.close()
            pending = RuntimeError("an extension hook yielded more than once")
        if pending is None or pending is exc:
            # Strawberry's managers never suppress: the block's exception goes on even
            # when a hook swallowed it (their `__exit__` drops ExitStack's answer)
            return False
        context = pending.__context__
        try:
            raise pending
        except BaseException:
            pending.__context__ = context  # not the block's exception, as ExitStack keeps it
            raise

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        return self.__exit__(exc_type, exc, traceback)


class LeanExtensionsRunner(SchemaExtensionsRunner):
    """`SchemaExtensionsRunner` whose stages run generator hooks without rebuilding
    their context managers on every request."""

    def _stage(self, name: str, strawberry_manager: type) -> Any:  # noqa: ANN401
        hooks: list[Hook] = []
        extensions: list[SchemaExtension] = []
        for extension in self.extensions:
            hook = _hook(type(extension), name)
            if hook is False:
                return strawberry_manager(self.extensions)
            if hook is not None:
                hooks.append(hook)  # type: ignore[arg-type]
                extensions.append(extension)
        return _GeneratorHooks(hooks, extensions)

    def operation(self) -> Any:  # noqa: ANN401
        return self._stage("on_operation", OperationContextManager)

    def validation(self) -> Any:  # noqa: ANN401
        return self._stage("on_validate", ValidationContextManager)

    def parsing(self) -> Any:  # noqa: ANN401
        return self._stage("on_parse", ParsingContextManager)

    def executing(self) -> Any:  # noqa: ANN401
        return self._stage("on_execute", ExecutingContextManager)
