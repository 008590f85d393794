"""The accessibility check itself (e2e/axe.py): a violation on a real page is found and
reported with rule, impact, selector and page — so a green suite means axe ran, not that
it silently judged nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e.axe import AxeWatch

pytestmark = pytest.mark.a11y


def test_a_violation_is_reported_with_rule_selector_and_page(
    seller: Page, a11y: AxeWatch, step
) -> None:
    with step("1", "J·QSM 首页: axe finds nothing"):
        assert a11y.check_all() == []

    with step("2", "an unlabelled field added to the page is reported"):
        seller.evaluate(
            """() => {
              const field = document.createElement('input');
              field.id = 'a11y-probe';
              document.querySelector('main').append(field);
            }"""
        )
        found = a11y.check(seller)
        assert [(v.rule, v.targets, v.url) for v in found if v.rule == "label"] == [
            ("label", ("#a11y-probe",), "/portal")
        ]
        label = next(v for v in found if v.rule == "label")
        assert label.impact in {"critical", "serious"}
        assert f"[{label.impact}] label: " in a11y.report()
        assert "#a11y-probe — on /portal" in a11y.report()
        # The probe was this test's doing: take it away so the teardown judges a clean page.
        seller.evaluate("() => document.getElementById('a11y-probe').remove()")
        a11y.violations.clear()
