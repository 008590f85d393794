"""运送跟踪: the carrier's public tracking page for a tracking number.

The manual shows a 运送跟踪 link beside the tracking number (运送单号 123456789001 运送跟踪).
A carrier is free text on the order (佐川急便 in the manual), so the known carriers are
matched by their usual names in zh, ja and en; for any other carrier there is no link
(the panel says so rather than showing a link that leads nowhere).
"""

from __future__ import annotations

from urllib.parse import quote

#: Carrier names (lower-cased, spaces removed) -> the tracking page, `{no}` the number.
TRACKING_PAGES: dict[tuple[str, ...], str] = {
    ("佐川急便", "佐川", "sagawa", "sagawaexpress"): (
        "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo={no}"
    ),
    (
        "ヤマト運輸",
        "ヤマト",
        "大和运输",
        "黑猫宅急便",
        "クロネコヤマト",
        "yamato",
        "yamatotransport",
    ): ("https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01={no}"),
    ("日本郵便", "日本邮政", "日本郵政", "ゆうパック", "japanpost"): (
        "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={no}"
        "&searchKind=S002&locale=ja"
    ),
}


def _normalized(name: str) -> str:
    return "".join(name.split()).lower()


def tracking_url(carrier: str | None, tracking_no: str | None) -> str | None:
    """The carrier's tracking page for this number, or None (no number, unknown carrier)."""
    number = (tracking_no or "").strip()
    if not number:
        return None
    name = _normalized(carrier or "")
    for names, page in TRACKING_PAGES.items():
        if name in {_normalized(n) for n in names}:
            return page.format(no=quote(number, safe=""))
    return None
