"""The audit's per-file scan survives a changed identifier set: a file whose words start none
of the added values is not read again, and its hits are exactly a full scan's (the values
still listed, in the new index's order, and the handles and hyphen joins matched again with
the whole set). Every name here is invented for this test."""

from __future__ import annotations

from pathlib import Path

from test_content_cache import _audit

from coprod.privacy.audit import Index, Value
from coprod.privacy.audit import scan as audit_scan
from coprod.privacy.deidentify import PseudonymKey

OLD = ("Wendeline Quarrington", "Bexley Thrushcombe")
# a new first name that only a handle holds ("ottolinequarrington7" is two names, one old);
# a new surname written in t002 only; a longer name starting with an old first word
NEW = ("Ottoline Brackwater", "Saffron Yelverdale", "Wendeline Ashgrove Pike")

TEXTS = {
    "deidentified/t001.txt": "[Person 1]: Wendeline came round, Quarrington too.\n"
    "Mail it to the Thrushcombes' barn.\n",
    "deidentified/t002.txt": "[Person 2]: Yelverdale said Wendeline Ashgrove Pike was Brack-\nwater.\n",
    "coding/coded_segments.tsv": (
        "id\ttext\n1\tnothing here\n2\tBexley said so\n3\tBexley again\n4\tmail ottolinequarrington7\n"
    ),
    "manuscript/index.html": "<p>Nothing to see, only bexley in lower case</p>\n",
    "topics/topic_terms.tsv": "topic\tterm\n1\tbarn\n",
}


def _study(tmp_path: Path, originals) -> Path:
    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    res = tmp_path / "results"
    for rel, text in TEXTS.items():
        (res / rel).parent.mkdir(parents=True, exist_ok=True)
        (res / rel).write_text(text, encoding="utf-8")
    return res


def _reads(monkeypatch) -> list[str]:
    """The files read into units again (names of the files)."""
    read: list[str] = []
    real = audit_scan._by_type

    def recording(suffix, data, figures):
        read.append(data.decode("utf-8", "replace")[:40])
        return real(suffix, data, figures)

    monkeypatch.setattr(audit_scan, "_by_type", recording)
    return read


def test_a_grown_identifier_set_rescans_only_files_holding_a_new_first_word(tmp_path, monkeypatch):
    cache = tmp_path / "private" / "cache"
    res = _study(tmp_path, OLD)
    before = _audit(tmp_path, res, cache)
    assert "Quarrington" in before and "Ottoline" not in before
    _study(tmp_path, OLD + NEW)
    full = _audit(tmp_path, res, None)
    # the handle of two names, one of them new, in a file that is not read again
    assert "coded_segments.tsv\tline 5\tOttoline" in full
    assert "Yelverdale" in full and "Wendeline Ashgrove Pike" in full and "Brackwater" in full
    read = _reads(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    # t001 writes "wendeline", the first word of a new value: read again; so does t002; the
    # coding table, the manuscript and the topic table write no new first word: reused
    assert sorted(read) == sorted(TEXTS[k][:40] for k in ("deidentified/t001.txt", "deidentified/t002.txt"))
    read.clear()
    assert _audit(tmp_path, res, cache) == full and read == []  # recorded as scanned for the new set


def test_a_shrunk_identifier_set_drops_the_removed_values_hits_without_reading(tmp_path, monkeypatch):
    cache = tmp_path / "private" / "cache"
    res = _study(tmp_path, OLD + NEW)
    assert "Bexley" in _audit(tmp_path, res, cache)
    _study(tmp_path, (OLD[0], NEW[0]))  # "Bexley Thrushcombe" and two new names removed
    full = _audit(tmp_path, res, None)
    assert "Bexley" not in full and "Thrushcombe" not in full and "Ottoline" in full
    read = _reads(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    assert read == []
    # and grown back: the same as a full scan again
    _study(tmp_path, OLD + NEW)
    assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)


def _value(original: str, guard: str = "", scope: str = "") -> Value:
    return Value(original, "[Person]", "key", guard, scope)


def test_a_reused_raw_scan_lists_hits_in_the_new_index_order():
    """Values in another order, or removed, change the order of a unit's hits (lengths and
    values in index order): a raw scan assembled by another index gives that index's scan."""
    text = "Wendeline Ashgrove and Wendeline met; mail wendelinequarrington and Quarrington's."
    a = [_value("Quarrington"), _value("Wendeline"), _value("Wendeline Ashgrove"), _value("Ashgrove", "cap")]
    orders = [
        a,
        a[::-1],
        [a[2], a[0], a[1]],
        [a[1], a[3]],
        [*a[::-1], _value("Wendeline", "cap"), _value("Quarrington", "", "t009")],
    ]
    raw = Index(a).scan_raw(text, "t001")
    for values in orders:
        index = Index(values)
        expected = index.scan(text, "t001")
        if {v for v in values} <= set(a):  # only values the raw scan looked for
            assert index.assemble(raw, "t001") == expected
        assert index.assemble(index.scan_raw(text, "t001"), "t001") == expected


def test_a_damaged_value_set_entry_means_a_full_scan(tmp_path):
    """The record of which values a cached scan looked for is checked like any entry: damaged
    or missing, the files are scanned again, and the hits are a full scan's."""
    cache = tmp_path / "private" / "cache"
    res = _study(tmp_path, OLD)
    _audit(tmp_path, res, cache)
    sets = sorted(cache.glob("values-*.json"))
    assert len(sets) == 1
    sets[0].write_text(
        sets[0].read_text(encoding="utf-8").replace('"values":["', '"values":["0'), encoding="utf-8"
    )
    _study(tmp_path, OLD + NEW)
    assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)
    sets = sorted(cache.glob("values-*.json"))
    sets[0].unlink()
    _study(tmp_path, OLD)
    assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)
