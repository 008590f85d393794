"""The codegen conformance documents (tests/conformance/codegen/documents/) must cover every
root field of the checked-in schema, so a new query, mutation or subscription cannot ship
without a document that graphql-codegen and `tsc --strict` check. Also checked here, without
Node: the documents are valid against the schema, and no two identifiers the `typescript`
plugin derives from the schema collide (the `ClaimWithdrawalStateLabelArgs` case)."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    TypeInfo,
    Visitor,
    build_schema,
    parse,
    validate,
    visit,
)
from graphql.language import FieldNode
from graphql.utilities import TypeInfoVisitor

ROOT = Path(__file__).parents[2]
SCHEMA_FILE = ROOT / "gql" / "schema.graphql"
DOCUMENTS = ROOT / "tests" / "conformance" / "codegen" / "documents"


def _schema() -> GraphQLSchema:
    return build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))


def _documents_source() -> str:
    files = sorted(DOCUMENTS.glob("*.graphql"))
    assert files, f"no documents in {DOCUMENTS}"
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def _root_fields(schema: GraphQLSchema) -> set[str]:
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    return {f"{root.name}.{name}" for root in roots if root is not None for name in root.fields}


def _selected_root_fields(schema: GraphQLSchema, source: str) -> set[str]:
    """Every `Root.field` the documents select, through fragments too."""
    roots = {
        root.name
        for root in (schema.query_type, schema.mutation_type, schema.subscription_type)
        if root is not None
    }
    found: set[str] = set()
    type_info = TypeInfo(schema)

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_args: object) -> None:
            parent = type_info.get_parent_type()
            if parent is not None and parent.name in roots:
                found.add(f"{parent.name}.{node.name.value}")

    visit(parse(source), TypeInfoVisitor(type_info, Collect()))
    return found


def test_documents_are_valid_against_the_schema() -> None:
    schema = _schema()
    errors = validate(schema, parse(_documents_source()))
    assert not errors, "\n".join(error.message for error in errors)


def test_every_root_field_has_a_codegen_document() -> None:
    schema = _schema()
    missing = sorted(_root_fields(schema) - _selected_root_fields(schema, _documents_source()))
    assert not missing, (
        "root fields no codegen document selects (add one to "
        f"tests/conformance/codegen/documents/): {', '.join(missing)}"
    )


def _pascal(name: str) -> str:
    """The `typescript` plugin's default naming (change-case pascalCase), for our names:
    split on case changes and non-alphanumerics, capitalise each word."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]", name)
    return "".join(word[:1].upper() + word[1:] for word in words)


def test_typescript_plugin_identifiers_do_not_collide() -> None:
    """Types keep their names; a field with arguments also gets `<Type><Field>Args`."""
    schema = _schema()
    owners: dict[str, list[str]] = {}
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        owners.setdefault(_pascal(type_.name), []).append(f"type {type_.name}")
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for name, field in type_.fields.items():
                if field.args:
                    identifier = _pascal(f"{type_.name}_{name}Args")
                    owners.setdefault(identifier, []).append(f"{type_.name}.{name} arguments")
    clashes = {identifier: who for identifier, who in owners.items() if len(who) > 1}
    assert not clashes, f"identifiers generated twice: {clashes}"
