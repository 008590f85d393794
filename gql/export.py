"""`qsm export-schema`: write the SDL frontends generate their code from."""

from __future__ import annotations

from pathlib import Path

from gql.schema import sdl

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")


def export_schema(path: str | Path = SCHEMA_PATH) -> Path:
    """Write the SDL to `path` (default `gql/schema.graphql`); returns the path written."""
    target = Path(path)
    target.write_text(sdl(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(export_schema())
