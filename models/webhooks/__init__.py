"""Webhooks for integrators (docs/webhooks.md): endpoints a seller registers, the outbox
of deliveries written in each operation's transaction, Standard Webhooks signatures, the
SSRF guard and the dispatcher that relays deliveries at least once."""
