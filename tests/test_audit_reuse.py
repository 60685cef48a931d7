"""What the audit derives from an unchanged file is reused, never trusted blindly: each published
transcript's lower-case word counts (the capitalised-where-ordinary rule) are kept by the
transcript's content and give exactly the fresh rule's values; a damaged, foreign or
ill-shaped entry is ignored and rebuilt; a handle's names are worked out once per index and
still kept to their scope. Every name and sentence here is invented for this test."""

from __future__ import annotations

import hashlib

import pytest
from test_audit_blocks import _count_lines, small_blocks  # noqa: F401 (a fixture)

from coprod.cache import ContentCache, digest
from coprod.privacy.audit import Index, Value
from coprod.privacy.audit import scan as audit_scan
from coprod.privacy.audit.scan import Raw, capitalised_where_ordinary

# "Marrow" found by a detector (a word of the corpus too), "Quillet" a name it never writes in
# lower case, "Tansy" guessed (one lower-case use makes it ordinary)
VALUES = [
    Value("Marrow", "[Place 1]", "review"),
    Value("Quillet", "[Person 1]", "key"),
    Value("Tansy", "[Person 2]", "review", guessed=True),
]
T1 = "[Person 1]: We cut the marrow, then the marrow soup. Quillet came.\nThe marrow was big.\n"
T2 = "[Person 2]: A tansy grew by the Gate. Nobody said Quillet.\n"


def _files(tmp_path, texts: dict[str, str]):
    folder = tmp_path / "results" / "deidentified"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in texts.items():
        (folder / name).write_bytes(text.encode("utf-8"))
        out.append(folder / name)
    return out


def _guards(values):
    return {v.original: v.guard for v in values}


def test_lower_case_counts_are_reused_by_content_and_equal_a_fresh_count(tmp_path, monkeypatch):
    files = _files(tmp_path, {"t001.txt": T1, "t002.txt": T2})
    fresh = capitalised_where_ordinary(VALUES, files)
    assert _guards(fresh) == {"Marrow": "cap", "Quillet": "", "Tansy": "cap"}
    cache = ContentCache(tmp_path / "cache")
    assert capitalised_where_ordinary(VALUES, files, cache) == fresh  # cold
    assert len(list((tmp_path / "cache").iterdir())) == 2  # one entry per transcript

    def no_counting(data):
        raise AssertionError("an unchanged transcript was counted again")

    with monkeypatch.context() as m:
        m.setattr(audit_scan, "_lower_case_words", no_counting)
        assert capitalised_where_ordinary(VALUES, files, cache) == fresh  # warm
    # a changed transcript is counted again: "marrow" now written twice only
    files = _files(tmp_path, {"t001.txt": T1.replace("The marrow was big.", "It was big.")})
    files.append(tmp_path / "results" / "deidentified" / "t002.txt")
    fresh = capitalised_where_ordinary(VALUES, files)
    assert _guards(fresh)["Marrow"] == ""
    assert capitalised_where_ordinary(VALUES, files, cache) == fresh


def test_windows_and_old_mac_line_ends_count_as_the_text_read_does(tmp_path):
    text = "[Person 1]: Marrow and marrow, Quillet said marrow\r\nWe said: marrow\rAnd More\r\n"
    files = _files(tmp_path, {"t001.txt": text})
    cache = ContentCache(tmp_path / "cache")
    assert capitalised_where_ordinary(VALUES, files, cache) == capitalised_where_ordinary(VALUES, files)
    # and equal to the rule over the file read as text (universal newlines)
    counts = audit_scan._lower_case_words(files[0].read_bytes())
    read = files[0].read_text(encoding="utf-8")
    assert counts[0] == audit_scan._cased(read) and counts[1]["marrow"] == 3


def _entry_key(data: bytes) -> str:
    return digest("lower-case words", audit_scan._scan_settings(), hashlib.sha256(data).hexdigest())


@pytest.mark.parametrize(
    "body",
    [
        {"cased": True, "lower": {"marrow": -3}},  # a count that cannot be
        {"cased": True, "lower": {"marrow": "3"}},
        {"cased": "yes", "lower": {}},
        {"cased": False, "lower": {"marrow": 3}},  # no case information but counts
        {"lower": {"marrow": 3}},
        {"cased": True, "lower": ["marrow"]},
    ],
    ids=["negative", "string-count", "cased-not-bool", "uncased-with-counts", "no-cased", "list"],
)
def test_an_ill_shaped_lower_case_entry_is_ignored_and_rebuilt(tmp_path, body):
    files = _files(tmp_path, {"t001.txt": T1, "t002.txt": T2})
    fresh = capitalised_where_ordinary(VALUES, files)
    cache = ContentCache(tmp_path / "cache")
    capitalised_where_ordinary(VALUES, files, cache)
    key = _entry_key(files[0].read_bytes())
    good = cache.get(key)
    cache.put(key, body)  # well-formed as a cache entry (checksum right), wrong as counts
    assert capitalised_where_ordinary(VALUES, files, cache) == fresh
    assert cache.get(key) == good  # rebuilt


@pytest.mark.parametrize("damage", ["tampered", "foreign", "truncated"])
def test_a_damaged_or_foreign_lower_case_entry_is_ignored(tmp_path, damage):
    files = _files(tmp_path, {"t001.txt": T1, "t002.txt": T2})
    fresh = capitalised_where_ordinary(VALUES, files)
    cache = ContentCache(tmp_path / "cache")
    capitalised_where_ordinary(VALUES, files, cache)
    path = tmp_path / "cache" / f"{_entry_key(files[0].read_bytes())}.json"
    other = tmp_path / "cache" / f"{_entry_key(files[1].read_bytes())}.json"
    text = path.read_text(encoding="utf-8")
    if damage == "tampered":  # counts lowered without the checksum: would keep "Marrow" guarded ""
        path.write_text(text.replace('"marrow":3', '"marrow":1'), encoding="utf-8")
        assert path.read_text(encoding="utf-8") != text
    elif damage == "foreign":  # another transcript's well-formed entry under this key
        path.write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    assert capitalised_where_ordinary(VALUES, files, cache) == fresh
    assert path.read_text(encoding="utf-8") == text  # rebuilt as it was


def test_a_handles_names_are_worked_out_once_and_kept_to_their_scope():
    people = [
        Value("Wendeline", "[Person 1]", "key"),
        Value("Quarrington", "[Person 1]", "key", scope="t001"),
        Value("Thrushcombe", "[Person 2]", "key"),
    ]
    raw = Raw([], [(0, "wendelinequarrington7"), (30, "thrushcombe01"), (50, "s0001")], [])
    for scope in ("t002", "t001", "t002", ""):
        memo = Index(people)
        first, again = memo.assemble(raw, scope), memo.assemble(raw, scope)
        assert first == again == Index(people).assemble(raw, scope)
    index = Index(people)
    assert [v.original for _, v in index.assemble(raw, "t002")] == ["Wendeline", "Thrushcombe"]
    assert [v.original for _, v in index.assemble(raw, "t001")] == ["Wendeline", "Quarrington", "Thrushcombe"]
    assert [v.original for _, v in index.assemble(raw, "t002")] == ["Wendeline", "Thrushcombe"]


# ------------------------------------------------------------------ a JSON document in blocks
FILLER = "the panel met again and the plan moved slowly through the spring review".split()


def _doc(n: int, extra: dict | None = None) -> str:
    import json
    import random

    rng = random.Random(5)
    docs = {f"seg{k:04d}": " ".join(rng.choice(FILLER) for _ in range(rng.randint(3, 9))) for k in range(n)}
    docs["seg0010"] += " Wendeline said so"
    docs["seg0040"] = "mail ottolinequarrington7 today"
    docs[f"seg{n // 2:04d}"] += " and Bexley \\u0054hrushcombe"
    docs.update(extra or {})
    return json.dumps({"vocab": sorted(set(FILLER)), "docs": docs}, indent=1)


def _json_study(
    tmp_path, text: str, originals=("Wendeline Quarrington", "Bexley Thrushcombe", "Ottoline Brackwater")
):
    from coprod.privacy.deidentify import PseudonymKey

    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    res = tmp_path / "results"
    (res / "topics").mkdir(parents=True, exist_ok=True)
    (res / "topics" / "corpus.json").write_text(text, encoding="utf-8")
    return res


@pytest.mark.usefixtures("small_blocks")
def test_a_json_documents_values_in_blocks_give_a_full_scans_hits(tmp_path, monkeypatch):
    from test_content_cache import _audit

    cache = tmp_path / "private" / "cache"
    res = _json_study(tmp_path, _doc(300))
    full = _audit(tmp_path, res, None)
    assert "Wendeline" in full and "Thrushcombe" in full and "Ottoline" in full
    assert _audit(tmp_path, res, cache) == full
    # one value changed and one added: only the blocks around them are scanned again
    res = _json_study(tmp_path, _doc(300, {"seg0200": "Quarrington came", "seg9999": "new words"}))
    full = _audit(tmp_path, res, None)
    assert "Quarrington" in full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    assert 0 < len(scanned) < 100  # of about 600 values and keys
    # a grown identifier set: blocks holding no new first word are reused
    res = _json_study(
        tmp_path,
        _doc(300, {"seg0200": "Quarrington came"}),
        ("Wendeline Quarrington", "Bexley Thrushcombe", "Ottoline Brackwater", "Saffron Yelverdale"),
    )
    full = _audit(tmp_path, res, None)
    assert _audit(tmp_path, res, cache) == full


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("damage", ["unit-out-of-range", "line-place", "truncated"])
def test_a_damaged_or_foreign_unit_block_entry_is_ignored(tmp_path, damage):
    from test_content_cache import _audit

    cache_dir = tmp_path / "private" / "cache"
    res = _json_study(tmp_path, _doc(300))
    full = _audit(tmp_path, res, None)
    _audit(tmp_path, res, cache_dir)
    (res / "topics" / "corpus.json").write_text(_doc(300) + "\n", encoding="utf-8")  # no whole-file entry
    cache = ContentCache(cache_dir)
    holding = []
    for p in cache_dir.iterdir():
        body = cache.get(p.name[:-5])
        if body and any(u[0].startswith("unit ") and "Wendeline" in str(u) for u in body.get("units", [])):
            holding.append((p, body))
    assert len(holding) == 1
    path, body = holding[0]
    if damage == "unit-out-of-range":  # well-formed, checksummed, but names a unit the block lacks
        body["units"] = [["unit 999", *u[1:]] for u in body["units"]]
        cache.put(path.name[:-5], body)
    elif damage == "line-place":
        body["units"] = [["line 1", *u[1:]] for u in body["units"]]
        cache.put(path.name[:-5], body)
    else:
        path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    assert _audit(tmp_path, res, cache_dir) == full


# ------------------------------------------------- entries kept for an earlier identifier set
def _grow_shrink_regrow(tmp_path, monkeypatch, rewrite_after: int) -> int:
    """Audits through added, removed and re-added values, each against a full scan; returns
    how many of the first run's cache entries are still byte for byte as written."""
    from test_audit_cache_growth import NEW, OLD
    from test_audit_cache_growth import _study as growth_study
    from test_content_cache import _audit

    monkeypatch.setattr(audit_scan, "REWRITE_AFTER", rewrite_after)
    tmp_path.mkdir()
    cache = tmp_path / "private" / "cache"
    res = growth_study(tmp_path, OLD)
    assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    for originals in (OLD + NEW, OLD[:1] + NEW, OLD + NEW[:1], OLD):
        res = growth_study(tmp_path, originals)
        assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)
    return sum((cache / n).exists() and (cache / n).read_bytes() == b for n, b in before.items())


def test_entries_of_an_earlier_set_give_a_full_scans_hits_through_grow_shrink_and_regrow(
    tmp_path, monkeypatch
):
    """Left as they were (the default: few values added) or written again with the new set
    (REWRITE_AFTER 0), the cached scans give a full scan's hits after values are added, removed
    and added back; left as they were, the entries of files no added value starts a word of are
    not written again."""
    rewritten = _grow_shrink_regrow(tmp_path / "rewrite", monkeypatch, 0)
    kept = _grow_shrink_regrow(tmp_path / "kept", monkeypatch, 512)
    assert kept >= rewritten + 3  # the coding table, the manuscript and the topic table
