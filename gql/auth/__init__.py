"""Sign-in: `login` / `logout` and the `viewer` (a seller or a buyer)."""
