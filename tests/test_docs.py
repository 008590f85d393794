"""The README stays a newcomer's page and no documentation link leads nowhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README_MAX_BYTES = 10 * 1024
#: [text](target) and ![alt](target), without the optional "title".
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "e2e" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_readme_is_short():
    assert (ROOT / "README.md").stat().st_size <= README_MAX_BYTES


def test_every_link_resolves_inside_the_repository():
    broken = []
    for doc in _documents():
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if target.startswith("#"):
                continue
            if "://" in target or target.startswith("mailto:"):
                broken.append(f"{doc.relative_to(ROOT)}: {target} leaves the repository")
                continue
            path = (doc.parent / target.split("#", 1)[0]).resolve()
            if not path.exists() or ROOT not in path.parents:
                broken.append(f"{doc.relative_to(ROOT)}: {target} does not exist")
    assert not broken, "\n".join(broken)
