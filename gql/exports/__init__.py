"""Exports as jobs: `exportCreate`, `export(id)` (docs/exports.md)."""
