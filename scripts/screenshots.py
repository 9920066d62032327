"""Take screenshots of pages of a running Hezuo (for the README tour and for review).

usage: .venv/bin/python scripts/screenshots.py BASE_URL USER PASSWORD OUT_DIR LANG PATH[=NAME] ...

Set FULL=0 to capture only the first screen (1360×900) instead of the whole page.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    base, user, password, out, lang, *paths = sys.argv[1:]
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        for item in paths:
            path, _, name = item.partition("=")
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = Path(out) / f"{name or path.strip('/').replace('/', '_') or 'home'}.png"
            page.screenshot(path=str(target), full_page=os.environ.get("FULL", "1") != "0")
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
