"""Qpost (sellers) and MyQoo10 (buyers) notifications."""
