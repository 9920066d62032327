"""Load GB/T 4754-2017 (sections, divisions, groups, classes) into IndustryClass."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hezuo.directory.choices import IndustryLevel
from hezuo.directory.models import IndustryClass

LEVELS = (IndustryLevel.SECTION, IndustryLevel.DIVISION, IndustryLevel.GROUP, IndustryLevel.CLASS)
CHANGE_REASON = "load_industries: GB/T 4754-2017"


def load_industry_classes() -> dict[str, dict[str, int]]:
    """Create or update every GB/T 4754-2017 entry; return counts per level."""
    from hezuo.core.industry import load_industry_table

    entries = load_industry_table()
    counts: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        existing = {c.code: c for c in IndustryClass.objects.all()}
        ids = {code: c.pk for code, c in existing.items()}
        now = timezone.now()
        for level in LEVELS:
            level_entries = [e for e in entries if e.level == level]
            new: list[IndustryClass] = []
            changed: list[IndustryClass] = []
            for entry in level_entries:
                parent_id = ids[entry.parent] if entry.parent else None
                values = {
                    "name_zh_hans": entry.name_zh,
                    "name_en": entry.name_en or "",
                    "name_ja": entry.name_ja or "",
                    "level": str(level),
                    "parent_id": parent_id,
                }
                row = existing.get(entry.code)
                if row is None:
                    new.append(IndustryClass(code=entry.code, **values))
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(row, key, value)
                    row.version = (row.version or 0) + 1
                    row.updated = now
                    changed.append(row)
            if new:
                created = bulk_create_with_history(
                    new, IndustryClass, batch_size=500, default_change_reason=CHANGE_REASON
                )
                if created and created[0].pk is None:
                    created = list(IndustryClass.objects.filter(code__in=[c.code for c in new]))
                ids.update({c.code: c.pk for c in created})
            if changed:
                bulk_update_with_history(
                    changed,
                    IndustryClass,
                    ["name_zh_hans", "name_en", "name_ja", "level", "parent", "version", "updated"],
                    batch_size=500,
                    default_change_reason=CHANGE_REASON,
                )
            counts[str(level)] = {
                "created": len(new),
                "updated": len(changed),
                "total": len(level_entries),
            }
    return counts


class Command(BaseCommand):
    help = "Load the GB/T 4754-2017 industry classification (sections to classes)."

    def handle(self, *args: object, **options: object) -> None:
        counts = load_industry_classes()
        if int(options["verbosity"]) < 1:  # type: ignore[call-overload]
            return
        for level, count in counts.items():
            self.stdout.write(
                f"{IndustryLevel(level).label:<10} {count['total']:>5} in table, "
                f"{count['created']:>5} created, {count['updated']:>5} updated"
            )
        self.stdout.write(self.style.SUCCESS("Industry classes loaded."))
