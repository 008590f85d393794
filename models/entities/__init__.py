"""The database tables (Tortoise models), one module per group; discovered by Tortoise here."""

from models.entities.accounts import Buyer, LoginThrottle, Seller, Session
from models.entities.claims import Claim, ClaimEvent, WithdrawalRound
from models.entities.messaging import Inquiry, Memo, Notification, SavedReply
from models.entities.orders import Order
from models.entities.records import IdempotencyRecord, SellerCounter
from models.entities.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "Buyer",
    "Claim",
    "ClaimEvent",
    "IdempotencyRecord",
    "Inquiry",
    "LoginThrottle",
    "Memo",
    "Notification",
    "Order",
    "SavedReply",
    "Seller",
    "SellerCounter",
    "Session",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WithdrawalRound",
]
