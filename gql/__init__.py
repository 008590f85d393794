"""The GraphQL API (Strawberry on Starlette): types, queries and mutations per domain,
dataloaders built per request, auth, query limits and the checked-in `schema.graphql`.

Resolvers translate between GraphQL and `models`; every business rule lives in `models/`.
"""
