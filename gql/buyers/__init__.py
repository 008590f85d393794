"""The buyer's side (MyQoo10): the summary counts and the pending withdrawal requests."""
