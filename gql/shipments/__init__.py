"""Shipment registration (运送单号)."""
