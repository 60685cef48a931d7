"""Issue 27: the rule coder and the residual-risk report reuse each unchanged transcript's work by
content (a private `coprod.cache.ContentCache`): with the cache, cold or warm, after one transcript
is added or edited, and with a damaged or foreign entry, the tables are those of a run without it;
a codebook or allow-list change retires what it affects; the cache folder is private and holds
only this run's transcripts."""

from __future__ import annotations

import stat

import pandas as pd
import pytest

from coprod import coding
from coprod.cache import ContentCache
from coprod.coding import Code, _code_key, apply_codebook, keyword
from coprod.privacy.audit.residual import ordinary_key, residual_check

# invented segments: no real study's words
TEXTS = {
    "t1": ["We piloted the new rota in spring.", "Funding for the pilot ran out.", "Nothing else."],
    "t2": ["The rota worked; the pilot funding did not.", "Staff liked the rota."],
    "t3": ["Pilot or not, the funding question stayed open."],
}


def segments(texts: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for tid, own in texts.items():
        for k, text in enumerate(own):
            rows.append(
                {
                    "segment_id": f"{tid}_{k}",
                    "transcript_id": tid,
                    "participant_id": f"P{tid}",
                    "site_id": "a",
                    "group": "local",
                    "text": text,
                }
            )
    return pd.DataFrame(rows)


def codes(*extra: str) -> list[Code]:
    return [
        Code("rota", "work", "Rota", (keyword("rota"),), ()),
        Code("pilot", "work", "Pilot", (keyword("pilot"), keyword("fund*"), *map(keyword, extra)), ()),
    ]


def same(a, b) -> None:
    assert a[0].equals(b[0]) and a[1].equals(b[1])


def test_coding_with_the_cache_is_coding_without_it_cold_warm_and_after_an_edit(tmp_path):
    cache = ContentCache(tmp_path / "private" / "cache" / "coding")
    segs = segments(TEXTS)
    plain = apply_codebook(segs, codes())
    same(apply_codebook(segs, codes(), cache), plain)  # cold: every transcript computed
    same(apply_codebook(segs, codes(), cache), plain)  # warm: every transcript reused
    assert cache.hits >= 1
    # one transcript edited and one added: theirs recomputed, the rest reused, same tables
    grown = {**TEXTS, "t2": ["The rota stopped.", "Staff liked the pilot."], "t4": ["A funded rota."]}
    same(apply_codebook(segments(grown), codes(), cache), apply_codebook(segments(grown), codes()))
    # a codebook edit is a new entry for the edited code: the new keyword fires, as it does
    # without the cache
    edited = codes("staff")
    same(apply_codebook(segments(grown), edited, cache), apply_codebook(segments(grown), edited))
    assert _code_key(edited[1]) != _code_key(codes()[1])
    assert _code_key(edited[0]) == _code_key(codes()[0])
    folder = tmp_path / "private" / "cache" / "coding"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_a_cached_transcript_is_keyed_by_its_texts_and_only_this_run_s_are_kept(tmp_path):
    cache = ContentCache(tmp_path / "c")
    apply_codebook(segments(TEXTS), codes(), cache)
    # the same words moved from one transcript to another are not the other's hits
    swapped = {"t1": TEXTS["t2"], "t2": TEXTS["t1"], "t3": TEXTS["t3"]}
    same(apply_codebook(segments(swapped), codes(), cache), apply_codebook(segments(swapped), codes()))
    apply_codebook(segments({"t3": TEXTS["t3"]}), codes(), cache)
    for code in codes():
        entry = cache.get(_code_key(code))
        assert len(entry["transcripts"]) == 1  # the removed transcripts' hits are dropped


def test_a_keyword_edit_applies_only_the_edited_code_s_rules_again(tmp_path, monkeypatch):
    """One entry per code: after a keyword is added to one code, the other codes' hits come from
    the cache (their rules are not applied to any segment) and the tables are those without it."""
    cache = ContentCache(tmp_path / "c")
    segs = segments(TEXTS)
    apply_codebook(segs, codes(), cache)
    applied = []
    real = coding.match_code
    monkeypatch.setattr(coding, "match_code", lambda code, *a: applied.append(code.id) or real(code, *a))
    edited = codes("staff")
    with_cache = apply_codebook(segs, edited, cache)
    assert set(applied) == {"pilot"} and len(applied) == len(segs)
    monkeypatch.setattr(coding, "match_code", real)
    same(with_cache, apply_codebook(segs, edited))
    # and an edited transcript: every code's rules on its segments only
    applied.clear()
    monkeypatch.setattr(coding, "match_code", lambda code, *a: applied.append(code.id) or real(code, *a))
    grown = {**TEXTS, "t3": ["The staff rota, again."]}
    with_cache = apply_codebook(segments(grown), edited, cache)
    assert sorted(applied) == ["pilot", "rota"]
    monkeypatch.setattr(coding, "match_code", real)
    same(with_cache, apply_codebook(segments(grown), edited))


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("not an entry", encoding="utf-8"),
        lambda p: p.write_text(p.read_text(encoding="utf-8")[:-20], encoding="utf-8"),
        # a well-formed entry whose hits are for other segments (a foreign or stale body)
        "foreign",
    ],
)
def test_a_damaged_or_foreign_coding_entry_is_ignored_and_rebuilt(tmp_path, damage):
    cache = ContentCache(tmp_path / "c")
    segs = segments(TEXTS)
    apply_codebook(segs, codes(), cache)
    key = _code_key(codes()[0])
    path = tmp_path / "c" / f"{key}.json"
    if damage == "foreign":
        body = cache.get(key)
        for tkey in body["transcripts"]:
            body["transcripts"][tkey] = [[["keyword:rota", "invented"]]] * 9
        cache.put(key, body)
    else:
        damage(path)
    same(apply_codebook(segs, codes(), ContentCache(tmp_path / "c")), apply_codebook(segs, codes()))
    # and the entry was rebuilt: the next run reuses it
    again = ContentCache(tmp_path / "c")
    same(apply_codebook(segs, codes(), again), apply_codebook(segs, codes()))
    assert again.hits == len(codes()) and again.misses == 0


# ------------------------------------------------------------------ the residual-risk report
TEXT_1 = "Respondent: I met Wendeline Quarrington on Friday in the Snorbeck office.\n"
TEXT_2 = "Respondent: Quarrington came too, with [Person 2].\n"


def _results(tmp_path, texts: dict[str, str]):
    folder = tmp_path / "results" / "deidentified"
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.glob("*.txt"):
        p.unlink()
    for tid, text in texts.items():
        (folder / f"{tid}.txt").write_text(text, encoding="utf-8")
    return tmp_path / "results"


def test_the_residual_report_with_the_cache_is_the_report_without_it(tmp_path):
    cache = ContentCache(tmp_path / "private" / "cache" / "residual")
    results = _results(tmp_path, {"t01": TEXT_1, "t02": TEXT_2})
    plain, cold, warm = (tmp_path / f"{n}.tsv" for n in ("plain", "cold", "warm"))
    line = residual_check(results, plain, "report")
    assert residual_check(results, cold, "report", cache=cache).replace(str(cold), "") == line.replace(
        str(plain), ""
    )
    residual_check(results, warm, "report", cache=cache)
    assert cold.read_bytes() == plain.read_bytes() == warm.read_bytes()
    assert "Quarrington" in plain.read_text(encoding="utf-8")
    # one transcript added, one edited: the report is a fresh run's
    results = _results(tmp_path, {"t01": TEXT_1, "t02": "Respondent: Nobody else.\n", "t03": TEXT_2})
    residual_check(results, plain, "report")
    residual_check(results, warm, "report", cache=cache)
    assert warm.read_bytes() == plain.read_bytes()
    # an allowed phrase is a new key: the form it releases goes, as without the cache
    allow = ["Snorbeck office"]
    assert ordinary_key(_ref(), allow) != ordinary_key(_ref(), [])
    residual_check(results, plain, "report", allow=allow)
    residual_check(results, warm, "report", allow=allow, cache=cache)
    assert warm.read_bytes() == plain.read_bytes()
    forms = [line.split("\t")[0] for line in plain.read_text(encoding="utf-8").splitlines()[1:]]
    assert "Quarrington" in forms and "Snorbeck" not in forms
    folder = tmp_path / "private" / "cache" / "residual"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def _ref():
    from coprod.privacy.audit.reference import REFERENCE_DIR

    return REFERENCE_DIR


def test_a_damaged_or_foreign_residual_entry_is_ignored(tmp_path):
    results = _results(tmp_path, {"t01": TEXT_1, "t02": TEXT_2})
    plain, got = tmp_path / "plain.tsv", tmp_path / "got.tsv"
    residual_check(results, plain, "report")
    cache = ContentCache(tmp_path / "c")
    residual_check(results, got, "report", cache=cache)
    key = ordinary_key(_ref(), [])
    body = cache.get(key)
    for digest in body["files"]:  # forms at offsets no text has, and a malformed one
        body["files"][digest] = [["Invented Person", 10**6]] if digest < "8" else "junk"
    cache.put(key, body)
    residual_check(results, got, "report", cache=ContentCache(tmp_path / "c"))
    assert got.read_bytes() == plain.read_bytes()
    (tmp_path / "c" / f"{key}.json").write_text("truncated", encoding="utf-8")
    residual_check(results, got, "report", cache=ContentCache(tmp_path / "c"))
    assert got.read_bytes() == plain.read_bytes()
