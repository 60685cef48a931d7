"""The audit's early scan (rule audit_corpus: the published transcripts and their tables, scanned
as soon as they exist) decides nothing: the final audit after it reports exactly what a full
scan without any cache reports — also when the manuscript, which exists only at the end, cites
an author whose name a transcript writes (allowed there only), when the early scan looked for
other identifier values, and when its cache entries are damaged — and it reads again only the
files the early scan could not settle. Every name and sentence here is invented."""

from __future__ import annotations

import stat

from test_audit_cache_growth import _reads

from coprod.errors import LeakError
from coprod.privacy.audit import audit_tree, scan_ahead
from coprod.privacy.deidentify import PseudonymKey

NAMES = ("Wendeline Quarrington", "Bexley Thrushcombe", "Ottoline Brackwater")
EARLY = {
    "deidentified/t001.txt": "[Person 1]: As Bexley Thrushcombe wrote, the panel met.\nWendeline came.\n",
    "deidentified/t002.txt": "[Person 2]: Nothing to report from the spring review.\n",
    "coding/coded_segments.tsv": "id\ttext\n1\tnothing here\n2\tOttoline said so\n3\tthe panel met\n",
}
LATE = {
    # the manuscript cites "Thrushcombe, Bexley": that whole name is public there, and wherever
    # it is written whole (a first name alone is still a hit)
    "manuscript/source/references.bib": "@book{t2019,\n  author = {Thrushcombe, Bexley},\n"
    "  title = {Panels},\n  year = {2019}\n}\n",
    "manuscript/source/index.qmd": "---\ntitle: A study\nauthor:\n  - name: Imelda Corrybrook\n---\n\n"
    "Text.\n",
    "manuscript/index.html": "<p>Thrushcombe (2019) on panels; Imelda Corrybrook wrote this.</p>\n",
}


def _key(tmp_path, names) -> None:
    key = PseudonymKey()
    for name in names:
        key.pseudonym("PERSON", name)
    key.save(tmp_path / "key.json")


def _write(res, texts: dict[str, str]) -> None:
    for rel, text in texts.items():
        (res / rel).parent.mkdir(parents=True, exist_ok=True)
        (res / rel).write_text(text, encoding="utf-8")


def _ahead(tmp_path, res, cache, bibliography=()):
    out = tmp_path / "private" / "cache" / "corpus_scan.tsv"
    files = [res / rel for rel in EARLY]
    key = tmp_path / "key.json"
    return scan_ahead(res, files, key, None, None, out, cache_dir=cache, bibliography=bibliography), out


def _final(tmp_path, res, cache):
    hits = tmp_path / "hits.tsv"
    hits.unlink(missing_ok=True)
    try:
        audit_tree(
            res, tmp_path / "key.json", None, None, tmp_path / "audit.tsv", hits_path=hits, cache_dir=cache
        )
    except LeakError:
        return hits.read_text(encoding="utf-8")
    return "pass"


def _study(tmp_path):
    _key(tmp_path, NAMES)
    res = tmp_path / "results"
    _write(res, EARLY)
    return res


def test_the_final_audit_after_the_early_scan_reports_a_full_scan(tmp_path, monkeypatch):
    res = _study(tmp_path)
    cache = tmp_path / "private" / "cache" / "audit"
    (scanned, found), out = _ahead(tmp_path, res, cache)
    # the early scan, without the manuscript's references, counts the cited name (whole and
    # each of its words) as hits
    assert (scanned, found) == (3, 5)
    assert out.read_text(encoding="utf-8") == "files_scanned\t3\nhits\t5\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    _write(res, LATE)
    full = _final(tmp_path, res, None)
    assert "Bexley Thrushcombe" not in full and "t001.txt\tline 2\tWendeline" in full
    assert "coded_segments.tsv\tline 3\tOttoline" in full
    read = _reads(monkeypatch)
    assert _final(tmp_path, res, cache) == full
    # read again: the late files, and the transcript that writes every word of a phrase only
    # the manuscript allows; the other transcript and the table are the early scan's
    again = [EARLY["deidentified/t001.txt"], *LATE.values()]
    assert sorted(read) == sorted(t[:40] for t in again)


def test_an_early_scan_for_other_values_or_damaged_changes_nothing(tmp_path):
    for case in ("other values", "damaged"):
        work = tmp_path / case.replace(" ", "_")
        work.mkdir()
        res = _study(work)
        _write(res, LATE)
        full = _final(work, res, None)
        cache = work / "private" / "cache" / "audit"
        if case == "other values":  # scanned when the key held one name fewer
            _key(work, NAMES[:2])
            _ahead(work, res, cache)
            _key(work, NAMES)
        else:
            _ahead(work, res, cache)
            for entry in cache.glob("*.json"):  # every entry cut short
                entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
        assert _final(work, res, cache) == full, case


def test_the_bibliography_given_ahead_leaves_the_final_audit_nothing_to_read_again(tmp_path, monkeypatch):
    """The manuscript's bibliography, which the render copies into the results, given to the
    early scan: its authors are allowed there as in the final audit, so no early file is read
    again (only the files written later), and the report is still a full scan's."""
    res = _study(tmp_path)
    bib = tmp_path / "manuscript" / "references.bib"
    bib.parent.mkdir()
    bib.write_text(LATE["manuscript/source/references.bib"], encoding="utf-8")
    cache = tmp_path / "private" / "cache" / "audit"
    (scanned, found), _ = _ahead(tmp_path, res, cache, [bib])
    assert (scanned, found) == (3, 2)  # the cited name is allowed: Wendeline and Ottoline
    _write(res, LATE)
    full = _final(tmp_path, res, None)
    read = _reads(monkeypatch)
    assert _final(tmp_path, res, cache) == full
    assert sorted(read) == sorted(t[:40] for t in LATE.values())
