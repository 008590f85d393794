"""Inquiries to the marketplace (向Qoo10进行咨询), the path for claims the portal cannot withdraw."""
