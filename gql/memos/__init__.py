"""Memos (纸条): the memo box, the order's memos and `memoSend`."""
