"""The GraphQL client fixtures of tests/gql, for the webhook API tests."""

from tests.gql.conftest import api, client  # noqa: F401
