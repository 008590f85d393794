"""The Starlette application: the portal, /graphql, static files, lifespan and the CLI."""
