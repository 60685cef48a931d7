"""A figure drawn by the job that writes its table (the figure table's `drawn_in`,
coprod.figure_cache): the same bytes as its plot rule's process drew, kept by content (a hit draws
nothing and imports no matplotlib), a changed input, script or param draws again, and a damaged or
foreign cache entry is ignored and drawn again, never trusted."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coprod.cache import ContentCache
from coprod.figure_cache import draw_cached, figure_key

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(ROOT / "scripts" / "figures" / "topic_prevalence.py")
CODE = [str(ROOT / "src" / "coprod" / "figures.py")]
PREV = (
    "group\ttopic\tprevalence\tlower_95\tupper_95\tparticipants\tsegments\n"
    "local\t1\t0.40\t0.30\t0.50\t4\t40\nnational\t1\t0.20\t0.10\t0.30\t3\t30\n"
    "local\t2\t0.60\t0.50\t0.70\t4\t40\nnational\t2\t0.80\t0.70\t0.90\t3\t30\n"
)
SUMMARY = "topic\tlabel\tprevalence\n1\tbudget, money\t0.3\n2\tstaff, team\t0.7\n"
PARAMS = {"synthetic": True, "figure": "topic_prevalence"}


def _inputs(tmp_path, prev=PREV):
    (tmp_path / "prev.tsv").write_text(prev, encoding="utf-8")
    (tmp_path / "summary.tsv").write_text(SUMMARY, encoding="utf-8")
    return {"prevalence": str(tmp_path / "prev.tsv"), "summary": str(tmp_path / "summary.tsv")}


def _draw(tmp_path, cache, inputs, params=PARAMS, name="out"):
    out = tmp_path / name / "topic_prevalence.png"
    hit = draw_cached(
        "topic_prevalence", SCRIPT, CODE, inputs, str(out), params, str(tmp_path / "fig.log"), cache
    )
    strings = out.with_name(out.name + ".strings.txt")
    return hit, hashlib.sha256(out.read_bytes()).hexdigest(), strings.read_text(encoding="utf-8")


def _plot_rule_process(tmp_path, inputs, params=PARAMS):
    """What the figure's own process (a plot rule running its script) draws."""
    out = tmp_path / "rule" / "topic_prevalence.png"
    code = (
        "import sys; from coprod.figure_cache import FigureJob, run_script; "
        f"run_script({SCRIPT!r}, FigureJob('topic_prevalence', {inputs!r}, {str(out)!r}, {params!r}, "
        f"{str(tmp_path / 'rule.log')!r}))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT / "src")})
    return hashlib.sha256(out.read_bytes()).hexdigest(), out.with_name(out.name + ".strings.txt").read_text()


def test_a_kept_drawing_is_the_drawing_byte_for_byte(tmp_path):
    inputs = _inputs(tmp_path)
    cache = ContentCache(tmp_path / "cache")
    first = _draw(tmp_path, cache, inputs, name="a")
    again = _draw(tmp_path, cache, inputs, name="b")
    assert first[0] is False and again[0] is True
    assert first[1:] == again[1:] == _plot_rule_process(tmp_path, inputs)
    assert "budget, money" in first[2] and "synthetic data" in first[2]
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0  # private, like every cache


def test_a_hit_imports_no_matplotlib(tmp_path):
    inputs = _inputs(tmp_path)
    _draw(tmp_path, ContentCache(tmp_path / "cache"), inputs)
    out = tmp_path / "hit" / "topic_prevalence.png"
    code = (
        "import json, sys; from coprod.cache import ContentCache; "
        "from coprod.figure_cache import draw_cached; "
        f"hit = draw_cached('topic_prevalence', {SCRIPT!r}, {CODE!r}, {inputs!r}, {str(out)!r}, {PARAMS!r}, "
        f"{str(tmp_path / 'h.log')!r}, ContentCache({str(tmp_path / 'cache')!r})); "
        "print(json.dumps([hit, 'matplotlib' in sys.modules]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert json.loads(run.stdout) == [True, False]


def test_what_the_drawing_depends_on_changes_the_key(tmp_path):
    inputs = _inputs(tmp_path)
    key = figure_key("topic_prevalence", SCRIPT, CODE, inputs, PARAMS)
    assert key == figure_key("topic_prevalence", SCRIPT, CODE, dict(reversed(inputs.items())), PARAMS)
    assert key != figure_key("topic_prevalence", SCRIPT, CODE, inputs, {**PARAMS, "synthetic": False})
    assert key != figure_key("topic_prevalence", SCRIPT, [*CODE, SCRIPT], inputs, PARAMS)
    assert key != figure_key("other", SCRIPT, CODE, inputs, PARAMS)
    changed = _inputs(tmp_path, PREV.replace("0.40", "0.41"))
    assert key != figure_key("topic_prevalence", SCRIPT, CODE, changed, PARAMS)


def test_a_changed_table_is_drawn_again(tmp_path):
    cache = ContentCache(tmp_path / "cache")
    first = _draw(tmp_path, cache, _inputs(tmp_path), name="a")
    second = _draw(tmp_path, cache, _inputs(tmp_path, PREV.replace("0.80\t0.70", "0.85\t0.70")), name="b")
    assert second[0] is False and second[1] != first[1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # a truncated write
        lambda text: text.replace('"strings":"', '"strings":"Someone Else\\n', 1),  # body edited
        lambda text: "not a cache entry\n",
    ],
)
def test_a_damaged_entry_is_ignored_and_drawn_again(tmp_path, damage):
    inputs = _inputs(tmp_path)
    cache = ContentCache(tmp_path / "cache")
    first = _draw(tmp_path, cache, inputs, name="a")
    (entry,) = (tmp_path / "cache").glob("*.json")
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    again = _draw(tmp_path, ContentCache(tmp_path / "cache"), inputs, name="b")
    assert again == (False, *first[1:])
    assert _draw(tmp_path, ContentCache(tmp_path / "cache"), inputs, name="c")[0] is True


def test_a_foreign_entry_is_not_trusted(tmp_path):
    """An entry that passes the cache's checks but whose PNG does not match its own checksum (or is
    another figure's entry copied under this key) is drawn again."""
    inputs = _inputs(tmp_path)
    cache = ContentCache(tmp_path / "cache")
    first = _draw(tmp_path, cache, inputs, name="a")
    key = figure_key("topic_prevalence", SCRIPT, CODE, inputs, PARAMS)
    entry = cache.get(key)
    cache.put(key, {**entry, "png_sha256": "0" * 64})
    assert _draw(tmp_path, cache, inputs, name="b") == (False, *first[1:])
    cache.put(key, {"format": "another figure cache", "png": entry["png"]})
    assert _draw(tmp_path, cache, inputs, name="c") == (False, *first[1:])
