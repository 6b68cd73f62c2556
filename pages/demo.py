"""Demo content pages, loaded by projects' load_demo_data command."""

import json

from pages.models import Page


def load_demo_pages(path):
    """Create or update the pages in `path` (a JSON list), keyed on slug; returns the count."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        # Only the per-language fields: `title` itself would write to the active language.
        values = {"kind": row["kind"], "order": row["order"]}
        values["feedback_form"] = row.get("feedback_form", False)
        values["slug_en"] = row.get("slug_en", "")
        for field in ("title", "body"):
            for lang in ("de", "en"):
                values[f"{field}_{lang}"] = row.get(f"{field}_{lang}") or ""
        Page.objects.update_or_create(slug=row["slug"], defaults=values)  # save() sanitises
    return len(rows)
