"""Webhook endpoints of a seller and their delivery log (docs/webhooks.md)."""
