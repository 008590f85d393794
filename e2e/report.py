"""Screenshots per manual step and the HTML index QA opens (e2e-results/index.html)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "e2e-results"
STEPS_FILE = RESULTS / "steps.jsonl"


@dataclass
class StepRecord:
    chapter: str
    test: str
    step: str
    text: str
    screenshot: str
    passed: bool
    #: The suite's readable title: its marker's description in e2e/pytest.ini.
    title: str = ""
    #: axe-core violations first seen at the end of this step (e2e/axe.py).
    a11y: list[str] = field(default_factory=list)


def reset() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    STEPS_FILE.write_text("")


def record(entry: StepRecord) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with STEPS_FILE.open("a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")


def screenshot_path(chapter: str, test: str, step: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{test}-{step}")
    path = RESULTS / chapter / f"{safe}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_index() -> Path:
    """One table per suite (chapter or capability, titled by its marker's description):
    step number, the manual's words, pass/fail with any accessibility violation, the
    screenshot."""
    entries = (
        [
            StepRecord(**json.loads(line))
            for line in STEPS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        if STEPS_FILE.exists()
        else []
    )
    chapters: dict[str, list[StepRecord]] = {}
    for entry in entries:
        chapters.setdefault(entry.chapter, []).append(entry)
    parts = [
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        "<title>qsm e2e — steps and screenshots</title>",
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td{vertical-align:top;padding:6px 4px;border-top:1px solid #ddd}"
        "td.text{min-width:16em;max-width:28em}td.result{min-width:6em;max-width:26em}"
        "img{max-width:640px;border:1px solid #ccc}.fail{color:#b00}"
        "nav li{margin:2px 0}.a11y{font-size:small;margin:4px 0;padding-left:16px}</style>",
        "<h1>Manual chapters and capabilities replayed in Chromium</h1>",
        "<nav><ul>",
        *(
            f"<li><a href='#{html.escape(chapter)}'>{html.escape(_heading(chapter, steps))}</a>"
            f" — {len(steps)} steps{_failed_note(steps)}</li>"
            for chapter, steps in chapters.items()
        ),
        "</ul></nav>",
    ]
    for chapter, steps in chapters.items():
        parts.append(
            f"<h2 id='{html.escape(chapter)}'>{html.escape(_heading(chapter, steps))}</h2><table>"
        )
        parts.append(
            "<tr><th>test</th><th>step</th><th>step text (the manual's words)</th><th>result</th><th></th></tr>"
        )
        for s in steps:
            image = html.escape(Path(s.screenshot).relative_to(RESULTS).as_posix())
            status = "passed" if s.passed else "<span class='fail'>FAILED</span>"
            if s.a11y:
                status = (
                    f"<span class='fail'>{len(s.a11y)} accessibility violation(s)</span>"
                    "<ul class='a11y'>"
                    + "".join(f"<li>{html.escape(v)}</li>" for v in s.a11y)
                    + "</ul>"
                )
            parts.append(
                f"<tr><td>{html.escape(s.test)}</td><td>{html.escape(s.step)}</td>"
                f"<td class='text'>{html.escape(s.text)}</td><td class='result'>{status}</td>"
                f"<td><a href='{image}'><img src='{image}' loading='lazy'></a></td></tr>"
            )
        parts.append("</table>")
    index = RESULTS / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index


def _heading(chapter: str, steps: list[StepRecord]) -> str:
    """`ch1 — chapter 1, request a withdrawal`: the marker and its description."""
    title = next((s.title for s in steps if s.title), "")
    return f"{chapter} — {title}" if title else chapter


def _failed_note(steps: list[StepRecord]) -> str:
    failed = sum(1 for s in steps if not s.passed or s.a11y)
    return f", <span class='fail'>{failed} failed</span>" if failed else ""
