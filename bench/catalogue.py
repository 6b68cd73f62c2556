"""The URLs bench/run.py measures, built from what the generated catalogue really contains.

Run as a script (with the bench's environment) it prints a sample of the catalogue as JSON: the
values each list filter accepts, project slugs spread over the catalogue and words of the
project titles. The functions below turn that sample into sets of distinct URLs, so a "cold"
row never asks twice for the same page (no cache of any kind is warm for the URL).
"""

import itertools
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

COLD_URLS = 50  # distinct URLs per cold row (the "over 50 distinct filter combinations")
# Filters added to the theme in the cold lists, in this order: each adds one more facet choice.
EXTRA_FILTERS = ("land", "status", "topic", "phase", "country")


def sample():
    """Filter values, slugs and title words of the catalogue in the database (needs Django)."""
    import django

    django.setup()
    from projects.filters import ProjectFilter
    from projects.models import Project

    form = ProjectFilter().form
    choices = {
        name: [str(value) for value, _label in form.fields[name].choices if str(value)]
        for name in ("theme", *EXTRA_FILTERS)
    }
    published = Project.objects.published()
    slugs = list(published.order_by("slug").values_list("slug", flat=True))
    step = max(1, len(slugs) // (COLD_URLS + 2))
    titles = published.order_by("pk").values_list("title_de", flat=True)[:2000]
    words = sorted({w for t in titles for w in re.findall(r"[A-Za-zÄÖÜäöüß-]{6,}", t)})
    return {
        "published": len(slugs),
        "choices": choices,
        # one more than needed: the first is the page measured again and again when cached
        "slugs": slugs[::step][: COLD_URLS + 1],
        "words": words,
    }


def _filter_combinations(choices, count):
    """`count` distinct query strings: each theme alone, then a theme with one other filter,
    taking the filters in turn (a Land, a status, a topic, ...) so that every kind is measured."""
    themes = choices.get("theme") or []
    per_filter = [[(name, v) for v in choices.get(name) or []] for name in EXTRA_FILTERS]
    extras = [e for group in itertools.zip_longest(*per_filter) for e in group if e]
    found = [f"theme={theme}" for theme in themes]
    for i, (name, value) in enumerate(extras):
        found.append(f"theme={themes[i % len(themes)]}&{name}={value}")
    return found[:count]


def search_queries(words, count=COLD_URLS):
    """Single words first, then pairs of words: distinct searches that find something."""
    single = [quote(w) for w in dict.fromkeys(words)]
    pairs = (f"{a}+{b}" for a, b in zip(single, single[1:] + single[:1], strict=True))
    return list(dict.fromkeys([*single, *pairs]))[:count]


def suggestion_prefixes(words, count=COLD_URLS):
    """What a visitor has typed: the first four to seven letters of title words."""
    prefixes = (quote(w[:n].lower()) for n in (4, 5, 6, 7) for w in words if len(w) > n)
    return list(dict.fromkeys(prefixes))[:count]


def cold_urls(sample, count=COLD_URLS):
    """The distinct URLs of each cold row (label -> list of paths)."""
    combinations = _filter_combinations(sample["choices"], count)
    return {
        "List, filtered by a theme": [f"/de/projekte/?{c}" for c in combinations],
        "List, search": [f"/de/projekte/?q={q}" for q in search_queries(sample["words"], count)],
        "Detail": [f"/de/projekte/{slug}/" for slug in sample["slugs"][1 : count + 1]],
        "API list": [f"/api/projects?{c}" for c in combinations],
        "Search suggestions": [
            f"/de/projekte/search/suggestions/?q={p}"
            for p in suggestion_prefixes(sample["words"], count)
        ],
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(sample()))
