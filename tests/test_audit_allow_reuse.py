"""The audit's cached scans survive a changed list of allowed phrases (an `audit.allow` entry, a
form decided keep, the manuscript's byline and cited authors, which exist only once it is
rendered): an allowed phrase marks a text's words only where the text writes every word of it,
so a file or block that does not write all the words of a phrase added or removed since its scan
is not read again, and the hits are exactly a full scan's with the new list. A damaged or
foreign record of a list means a full scan. Every name and sentence here is invented."""

from __future__ import annotations

import pytest
from test_audit_blocks import _count_lines, _table, small_blocks  # noqa: F401 (a fixture)
from test_audit_blocks import _study as _table_study
from test_audit_cache_growth import OLD, TEXTS, _reads
from test_audit_cache_growth import _study as _small_study
from test_content_cache import _audit

from coprod.cache import ContentCache


def test_an_added_phrase_rescans_only_the_files_that_write_all_its_words(tmp_path, monkeypatch):
    cache = tmp_path / "private" / "cache"
    res = _small_study(tmp_path, OLD)
    before = _audit(tmp_path, res, cache)
    assert "coded_segments.tsv\tline 3\tBexley" in before and "coded_segments.tsv\tline 4\tBexley" in before
    read = _reads(monkeypatch)
    # a phrase the coding table writes (it takes line 3's hit away) and one no file writes whole
    allow = ["Bexley said so", "Wendeline Thrushcombe Trust"]
    full = _audit(tmp_path, res, None, allow)
    assert "line 3\tBexley" not in full and "coded_segments.tsv\tline 4\tBexley" in full
    read.clear()
    assert _audit(tmp_path, res, cache, allow) == full
    assert read == [TEXTS["coding/coded_segments.tsv"][:40]]
    read.clear()
    assert _audit(tmp_path, res, cache, allow) == full and read == []  # scanned with the new list
    # a phrase no file writes every word of: nothing is read again
    assert _audit(tmp_path, res, cache, [*allow, "Quarrington Hall"]) == full and read == []
    # the phrase removed again: the table is read again, and its hit is back
    assert _audit(tmp_path, res, cache) == before
    assert read == [TEXTS["coding/coded_segments.tsv"][:40]]


@pytest.mark.usefixtures("small_blocks")
def test_an_added_phrase_rescans_only_the_blocks_that_write_all_its_words(tmp_path, monkeypatch):
    cache = tmp_path / "private" / "cache"
    rows = _table(400)
    res = _table_study(tmp_path, rows)
    assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)
    allow = ["Wendeline said so"]  # written once, at the end of one row
    full = _audit(tmp_path, res, None, allow)
    assert f"line {400 // 5 + 1}\tWendeline" not in full and "Bexley Thrushcombe" in full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache, allow) == full
    table_lines = [t for t in scanned if t.count("\t") == 2 and "\n" not in t]
    assert any("Wendeline said so" in t for t in table_lines)
    assert 1 <= len(table_lines) <= 8 * 8  # its block, not the table's 400 rows


def test_a_damaged_or_foreign_phrase_list_means_a_full_scan(tmp_path, monkeypatch):
    read = _reads(monkeypatch)
    allow = ["Bexley said so"]
    for damage in ("foreign", "damaged"):
        work = tmp_path / damage
        work.mkdir()
        cache = work / "private" / "cache"
        res = _small_study(work, OLD)
        full = _audit(work, res, None, allow)
        _audit(work, res, cache)
        (recorded,) = cache.glob("allow-*.json")
        if damage == "foreign":  # a list whose content is not the one its name says
            ContentCache(cache).put(recorded.stem, {"phrases": [["bexley", "said", "so"]]})
        else:  # its checksum fails
            text = recorded.read_text(encoding="utf-8")
            recorded.write_text(text.replace('"phrases":[]', '"phrases":[[]]'), encoding="utf-8")
        read.clear()
        assert _audit(work, res, cache, allow) == full
        assert sorted(read) == sorted(t[:40] for t in TEXTS.values()), damage
