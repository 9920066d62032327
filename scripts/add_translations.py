"""Add or update catalogue entries from a JSON file, then compile the catalogues.

usage: .venv/bin/python scripts/add_translations.py FILE.json [FILE.json ...]

Each file holds a list of entries:

    [{"msgid": "Upload refused", "zh_Hans": "上传被拒绝", "ja": "アップロードを拒否しました",
      "en": "Upload refused"},
     {"msgctxt": "person", "msgid": "Name", "zh_Hans": "姓名", "ja": "氏名", "en": "Name"},
     {"msgid": "%(n)s row", "msgid_plural": "%(n)s rows",
      "zh_Hans": ["%(n)s 行"], "ja": ["%(n)s 行"], "en": ["%(n)s row", "%(n)s rows"]}]

An entry that exists (same msgctxt and msgid) gets the new translations; a new one is added.
Several people may run this at once: the catalogues are changed under a file lock. CI's
`makemessages` later adds each string's source references; the translations are kept.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "hezuo" / "locale"
LANGUAGES = ("zh_Hans", "ja", "en")


def apply(entries: list[dict]) -> int:
    changed = 0
    for lang in LANGUAGES:
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path), wrapwidth=79)
        for item in entries:
            text = item[lang]
            entry = po.find(item["msgid"], msgctxt=item.get("msgctxt"))
            if entry is None:
                entry = polib.POEntry(msgid=item["msgid"], msgctxt=item.get("msgctxt"))
                po.append(entry)
            if item.get("msgid_plural"):
                entry.msgid_plural = item["msgid_plural"]
                texts = text if isinstance(text, list) else [text]
                entry.msgstr_plural = dict(enumerate(texts))
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.obsolete = False
            changed += 1
        po.save(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
    return changed


def main(paths: list[str]) -> None:
    entries: list[dict] = []
    for name in paths:
        entries.extend(json.loads(Path(name).read_text(encoding="utf-8")))
    missing = [e.get("msgid") for e in entries if any(lang not in e for lang in LANGUAGES)]
    if missing:
        sys.exit(f"entries without all of {', '.join(LANGUAGES)}: {missing}")
    with open(LOCALE / ".catalogues.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        count = apply(entries)
    print(f"{count} entries written to {len(LANGUAGES)} catalogues (compiled)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
