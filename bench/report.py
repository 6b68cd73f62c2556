"""BENCHMARKS.md is shared: each bench script owns one marked section and rewrites only that."""

import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(name, text, path=BENCHMARKS):
    """Put `text` between the markers of section `name`, keeping every other section.

    A file without the section gets it appended; a file that does not exist yet is started.
    Sections are kept one blank line apart, however often they are rewritten.
    """
    start, end = f"<!-- {name} -->", f"<!-- end of {name} -->"
    block = f"{start}\n{text.strip()}\n{end}\n"
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in existing:
        before, _, rest = existing.partition(start)
        after = (rest.partition(end)[2] if end in rest else "").lstrip("\n")
        new = before + block + ("\n" + after if after else "")
    else:
        new = existing.rstrip("\n") + "\n\n" + block
    new = re.sub(r"-->\n{3,}", "-->\n\n", new)
    path.write_text(new, encoding="utf-8")
