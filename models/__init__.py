"""The claim-withdrawal domain: tables, enums, policy, clock and operations.

Nothing here knows about HTTP or GraphQL; the API (`gql/`) and the portal (`web/`)
both call `models.ops`, so every rule is written once.
"""
