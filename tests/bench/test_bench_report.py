"""bench/report.py: each bench script rewrites only its own section of BENCHMARKS.md."""

import importlib.util
from pathlib import Path

BENCH_REPORT = Path(__file__).resolve().parents[2] / "bench" / "report.py"


def _write_section():
    spec = importlib.util.spec_from_file_location("bench_report", BENCH_REPORT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_section


def test_a_section_is_replaced_and_the_others_kept(tmp_path):
    write_section = _write_section()
    path = tmp_path / "BENCHMARKS.md"
    write_section("a", "## A\nold figures", path=path)
    write_section("b", "## B\nload test", path=path)
    write_section("a", "## A\nnew figures", path=path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n")
    assert "new figures" in text and "old figures" not in text
    assert "load test" in text
    assert text.index("## A") < text.index("## B")
    assert text.count("<!-- a -->") == 1 and text.count("<!-- end of b -->") == 1


def test_rewriting_sections_keeps_them_one_blank_line_apart(tmp_path):
    write_section = _write_section()
    path = tmp_path / "BENCHMARKS.md"
    for _ in range(3):
        write_section("a", "## A\nfigures", path=path)
        write_section("b", "## B\nfigures", path=path)
    text = path.read_text(encoding="utf-8")
    assert "<!-- end of a -->\n\n<!-- b -->" in text
    assert text.endswith("<!-- end of b -->\n")
