"""Hardening suites reuse the GraphQL fixtures (real ASGI app, real database)."""

from tests.gql.conftest import api, client  # noqa: F401 - fixtures re-exported
