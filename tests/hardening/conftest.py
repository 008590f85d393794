"""Hardening suites reuse the GraphQL test client (real ASGI app, real database)."""

from tests.gql.conftest import Api, api, client  # noqa: F401 - fixtures re-exported
