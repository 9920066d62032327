"""Fail (exit 1) when a catalogue misses a translation, keeps a fuzzy one or drops a placeholder.

usage: .venv/bin/python scripts/check_translations.py   (after `hezuo makemessages` in CI)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "hezuo" / "locale"
LANGUAGES = ("zh_Hans", "ja", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def problems() -> list[str]:
    found = []
    for lang in LANGUAGES:
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        if not path.exists():
            found.append(f"{lang}: no catalogue at {path}")
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            where = f"{lang}: {entry.msgid!r}"
            if "fuzzy" in entry.flags:
                found.append(f"{where} is fuzzy")
            if not entry.translated():
                found.append(f"{where} is not translated")
                continue
            wanted = set(PLACEHOLDER.findall(entry.msgid))
            strings = list(entry.msgstr_plural.values()) or [entry.msgstr]
            for text in strings:
                if set(PLACEHOLDER.findall(text)) - wanted or (
                    not entry.msgid_plural and wanted - set(PLACEHOLDER.findall(text))
                ):
                    found.append(f"{where} has placeholders {wanted}, translation {text!r}")
    return found


if __name__ == "__main__":
    issues = problems()
    for line in issues:
        print(line)
    print(f"{len(issues)} translation problem(s)")
    sys.exit(1 if issues else 0)
