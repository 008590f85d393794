"""Where one claims-page request's time goes, in-process (no HTTP client, no uvicorn):
`python -m tests.bench.profile_page [--quick] [--requests 300] [--query page|total|etag]
[--pyinstrument]`.

Uses the bench's cached data set (run `python -m tests.bench --quick --only pages` once
first to build it) on a fresh run copy, signs in as the big seller, and replays the
50-row page without `totalCount` (or with it, or as an ETag-revalidated GET answered 304)
through the ASGI app (httpx's ASGI transport) after a warm-up: prints the mean wall and
CPU time per request, the statements one request runs and their time, then a profile
(cProfile's top functions, or pyinstrument's tree).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any
from urllib.parse import urlencode

from tests.bench import inprocess, scenarios


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_page")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--pyinstrument", action="store_true")
    p.add_argument("--query", default="page", choices=("page", "total", "etag"))
    return p.parse_args(argv)


async def _main(args: argparse.Namespace) -> None:
    async with inprocess.signed_in_app(args.quick) as s:
        query = (
            scenarios.CLAIMS
            if args.query == "total"
            else scenarios.CLAIMS.replace("totalCount", "")
        )
        body = {"query": query, "variables": {"first": 50}}

        async def post() -> Any:
            r = await s.client.post("/graphql", json=body, headers=s.headers)
            assert r.status_code == 200 and b'"errors"' not in r.content, r.text[:500]
            return r

        once = post
        if args.query == "etag":
            url = "/graphql?" + urlencode({"query": query, "variables": json.dumps({"first": 50})})
            first = await s.client.get(url, headers=s.headers)
            revalidate = {**s.headers, "If-None-Match": first.headers["etag"]}

            async def not_modified() -> Any:
                r = await s.client.get(url, headers=revalidate)
                assert r.status_code == 304, r.status_code
                return r

            once = not_modified

        for _ in range(30):
            await once()
        await inprocess.statements(once)
        await inprocess.timed(once, args.requests)
        await inprocess.profiled(once, args.requests, pyinstrument=args.pyinstrument, top=45)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
