"""Every element of the schema a frontend developer reads in GraphiQL or in generated code
has a description (issue 13, item 5): types, fields, arguments, enum values and input
fields. The test walks the schema the server runs (the production build, what
introspection and `gql/schema.graphql` show) and lists each undocumented element, so the
failure says exactly what to write; the counter is printed with it."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    specified_scalar_types,
)

from gql.descriptions import DESCRIPTIONS, unknown_coordinates
from gql.schema import build_schema


def _named_types(schema: GraphQLSchema) -> list[GraphQLNamedType]:
    """Our own types: not introspection's, not the spec's built-in scalars."""
    return [
        type_
        for name, type_ in sorted(schema.type_map.items())
        if not name.startswith("__") and name not in specified_scalar_types
    ]


def elements(schema: GraphQLSchema) -> list[tuple[str, str | None]]:
    """(coordinate, description) for every element that should be described, named by the
    spec's schema coordinates: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`,
    `Input.field`."""
    found: list[tuple[str, str | None]] = []
    for type_ in _named_types(schema):
        found.append((type_.name, type_.description))
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                found.append((f"{type_.name}.{field_name}", field.description))
                for arg_name, arg in field.args.items():
                    found.append((f"{type_.name}.{field_name}({arg_name}:)", arg.description))
        elif isinstance(type_, GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                found.append((f"{type_.name}.{field_name}", field.description))
        elif isinstance(type_, GraphQLEnumType):
            for value_name, value in type_.values.items():
                found.append((f"{type_.name}.{value_name}", value.description))
        elif isinstance(type_, GraphQLUnionType):
            pass  # a union has only its own description, counted above
    return found


def _undescribed(schema: GraphQLSchema) -> tuple[list[str], int]:
    found = elements(schema)
    missing = [name for name, text in found if not (text and text.strip())]
    return missing, len(found)


def test_every_schema_element_has_a_description() -> None:
    schema = build_schema(development=False)._schema
    missing, total = _undescribed(schema)
    share = 100 * (total - len(missing)) / total
    assert not missing, (
        f"descriptions: {total - len(missing)} of {total} elements ({share:.1f} %); "
        f"{len(missing)} without one:\n" + "\n".join(missing)
    )


def test_every_catalogue_entry_names_a_schema_element() -> None:
    """gql/descriptions.py fills gaps by schema coordinate: a renamed or removed element
    leaves its entry describing nothing, and the new name undescribed."""
    schema = build_schema(development=False)._schema
    assert DESCRIPTIONS
    assert unknown_coordinates(schema) == []


def test_code_descriptions_win_over_the_catalogue() -> None:
    """A description written in the code is never replaced (the catalogue only fills gaps):
    `Claim.withdrawal` is described in gql/claims/types.py."""
    field = build_schema(development=False)._schema.get_type("Claim").fields["withdrawal"]
    assert field.description == "The latest withdrawal round (撤回索赔信息), if any."


def test_the_counter_sees_a_missing_description() -> None:
    """The walk reaches every kind of element: an undescribed field, argument, enum value,
    input field and type of a small schema are all listed."""
    from graphql import build_schema as build_sdl

    small = build_sdl(
        '''
        """Root."""
        type Query {
          """Documented."""
          a(x: Int): E
          b("""Documented."""y: In): Int
        }
        enum E { """Documented.""" ONE TWO }
        """Documented."""
        input In { """Documented.""" p: Int q: Int }
        '''
    )
    missing, total = _undescribed(small)
    assert missing == ["E", "E.TWO", "In.q", "Query.a(x:)", "Query.b"]
    assert total == 11
