"""One read model per screen, the only way the portal and the API read that screen.

Each sweeps overdue rounds once, then returns plain typed data (rows and codes, not
sentences), so both surfaces show the same rows in the same order.
"""
