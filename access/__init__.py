"""What both surfaces share, below them: settings, session tokens, the login throttle and
sign-in. Imports only `models`; `web` and `gql` import it, never the other way round."""
