"""DAC 5-digit sectors: the codes (IATI Sector codelist, shipped in data/dac_sectors.csv, read
once per process) and the sectors of a project (its own, else mapped from its focus themes).
 `python -m opendata.sectors Sector.xml` rewrites the file from an
official codelist (see data/README.md).
"""

import csv
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "dac_sectors.csv"
FIELDS = ["code", "name", "category", "status"]
# Sectors mapped from the focus themes where a project has none of its own
THEME_SECTORS = {
    "governance": "15110",  # public sector policy and administrative management
    "umwelt-klima-energie": "41010",  # environmental policy and administrative management
    "nachhaltige-wirtschaftsentwicklung": "25010",  # business policy and administration
    "pandemieresilienz": "12250",  # infectious disease control
}
SECTOR_NOT_SPECIFIED = "99810"


@cache
def sectors():
    """{code: {"name", "category", "status"}} for every code in the codelist."""
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        return {row["code"]: row for row in csv.DictReader(file)}


def is_active(code):
    row = sectors().get(code)
    return row is not None and row["status"] == "active"


def choices():
    """(code, "code – name") of the active codes, for the admin's select."""
    return [
        (code, f"{code} – {row['name']}")
        for code, row in sorted(sectors().items())
        if row["status"] == "active"
    ]


def shares(weights):
    """Percentages in proportion to `weights` that add up to exactly 100 (two decimals)."""
    total = sum(weights)
    if not total:
        return []
    result = [(Decimal(100) * w / total).quantize(Decimal("0.01")) for w in weights]
    result[0] += Decimal(100) - sum(result)
    return result


def project_sectors(project):
    """[(code, percentage)] of a project: its own DAC sectors (ProjectSector), else one per
    focus theme (THEME_SECTORS; unmapped themes: not specified) in equal shares."""
    own = list(project._rows("sectors"))
    if own:
        return [(sector.code, Decimal(sector.percentage)) for sector in own]
    codes = []
    for theme in project._rows("themes"):
        code = THEME_SECTORS.get(theme.slug, SECTOR_NOT_SPECIFIED)
        if code not in codes:
            codes.append(code)
    return list(zip(codes, shares([1] * len(codes)), strict=True))


def name(code):
    row = sectors().get(code)
    return row["name"] if row else ""


def write_from_codelist(source, target=DATA_FILE):
    """Rewrite the CSV from an IATI Sector.xml (lxml is a dependency of the IATI export)."""
    from lxml import etree

    rows = [
        {
            "code": item.findtext("code"),
            "name": (item.findtext("name/narrative") or "").strip(),
            "category": item.findtext("category") or "",
            "status": item.get("status", "active"),
        }
        for item in etree.parse(str(source)).iter("codelist-item")
    ]
    with Path(target).open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    print(write_from_codelist(sys.argv[1]), "codes written to", DATA_FILE)
