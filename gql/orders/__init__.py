"""Orders: the transaction panel (交易信息) and its lookup by order number."""
