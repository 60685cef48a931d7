"""The coding assistant's selection reused by content (coprod.assistant_cache): the results are
byte-identical with the cache cold, warm or absent; an edit outside the coded units reuses the
selection, one inside it chooses again; a corrupted, foreign or misshapen entry is ignored and
rebuilt; the cache is private and bounded."""

from __future__ import annotations

import base64
import dataclasses
import json
import stat

import pytest
from test_assistant import ROOT, SETTINGS, _write, corpus, run

import coprod.assistant as assistant_mod
from coprod.assistant import RULE_HIT, assist, rule_hits, unit_table
from coprod.assistant_cache import rule_hits_cached, rules_key
from coprod.cache import ContentCache, pack_array, unpack_array
from coprod.coding import keyword, load_codebook


def run_cached(docs, codings, sample, cache, settings=SETTINGS):
    codebook, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    units = unit_table(docs)
    return assist(units, codebook, codes, codings, sample, ["A", "B"], "all", settings, cache=cache)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The assistant's outputs (file name -> sha256) without any cache."""
    return _write(run(*corpus()), tmp_path_factory.mktemp("fresh") / "out")


def _forbid_selection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the selection ran again")

    monkeypatch.setattr(assistant_mod, "nested_heldout", refuse)
    monkeypatch.setattr(assistant_mod.Assistant, "select", refuse)


def _selection_runs(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = assistant_mod.nested_heldout

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(assistant_mod, "nested_heldout", counted)
    return calls


def test_cold_and_warm_cache_give_the_same_bytes_and_warm_does_not_select(tmp_path, fresh, monkeypatch):
    folder = tmp_path / "private" / "cache" / "assistant"
    docs, codings, sample = corpus()
    assert _write(run_cached(docs, codings, sample, ContentCache(folder)), tmp_path / "cold") == fresh
    entries = sorted(folder.glob("*.json"))  # the selection's (the rule hits have a sub-folder)
    assert len(entries) == 1
    # private zone: folders 0700, entries 0600
    hits = folder / "rule_hits"
    for f in (folder, hits):
        assert stat.S_IMODE(f.stat().st_mode) == 0o700
    for f in [*entries, *hits.iterdir()]:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    with monkeypatch.context() as m:
        _forbid_selection(m)
        warm = ContentCache(folder)
        assert _write(run_cached(docs, codings, sample, warm), tmp_path / "warm") == fresh
        assert warm.hits == 1


def test_a_transcript_outside_the_coded_units_reuses_the_selection(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    run_cached(docs, codings, sample, ContentCache(folder))
    # a new transcript nobody coded: scored, but the choice of models stands
    extra = {
        "id": "t99",
        "turns": [
            {"role": "interviewer", "text": "And then?", "speaker": "I", "order": 1},
            {"role": "participant", "text": "the allotment shed was repainted", "speaker": "P", "order": 2},
        ],
    }
    more = [*docs, extra]
    expected = _write(run(more, codings, sample), tmp_path / "fresh")
    with monkeypatch.context() as m:
        _forbid_selection(m)
        out = run_cached(more, codings, sample, ContentCache(folder))
    assert _write(out, tmp_path / "reused") == expected
    assert (out["suggestions"].transcript_id == "t99").any()


def test_an_edit_to_a_coded_unit_or_a_setting_selects_again(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    run_cached(docs, codings, sample, ContentCache(folder))
    calls = _selection_runs(monkeypatch)
    edited = json.loads(json.dumps(docs))
    edited[0]["turns"][1]["text"] += " and the compost heap"  # a coded unit (turn 1 of t01)
    run_cached(edited, codings, sample, ContentCache(folder))
    assert len(calls) == 1
    fewer = codings[~((codings.transcript_id == "t01") & (codings.turn_index == 1))]  # a human coding
    run_cached(docs, fewer.reset_index(drop=True), sample, ContentCache(folder))
    assert len(calls) == 2
    run_cached(docs, codings, sample, ContentCache(folder), {**SETTINGS, "seed": SETTINGS["seed"] + 1})
    assert len(calls) == 3


@pytest.mark.parametrize("damage", ["truncated", "foreign", "misshapen", "checksum"])
def test_a_bad_entry_is_ignored_and_rebuilt(tmp_path, fresh, monkeypatch, damage):
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    run_cached(docs, codings, sample, ContentCache(folder))
    (entry,) = folder.glob("*.json")
    head, body = entry.read_text(encoding="utf-8").split("\n", 1)
    fmt, key, checksum = head.rsplit(" ", 2)
    if damage == "truncated":
        entry.write_text(head + "\n" + body[: len(body) // 2], encoding="utf-8")
    elif damage == "foreign":  # another key's entry copied under this name
        entry.write_text(f"{fmt} {'0' * 64} {checksum}\n{body}", encoding="utf-8")
    elif damage == "checksum":  # a body edited by hand: one choice's method changed
        entry.write_text(head + "\n" + body.replace('"rules"', '"tfidf_lr@0.2"', 1), encoding="utf-8")
    else:  # a well-formed entry of another shape (its codes are not this codebook's)
        value = json.loads(body)
        value["choices"] = value["choices"][:1]
        ContentCache(folder).put(key, value)
    calls = _selection_runs(monkeypatch)
    assert _write(run_cached(docs, codings, sample, ContentCache(folder)), tmp_path / "again") == fresh
    assert len(calls) == 1  # rebuilt
    # and the rebuilt entry is good again
    cache = ContentCache(folder)
    run_cached(docs, codings, sample, cache)
    assert cache.hits == 1 and len(calls) == 1


def test_the_cache_is_bounded(tmp_path):
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    size = None
    for seed in (1, 2, 3):
        cache = ContentCache(folder, max_bytes=size * 2 if size else 10**9)
        run_cached(docs, codings, sample, cache, {**SETTINGS, "seed": seed})
        size = size or next(folder.glob("*.json")).stat().st_size
    assert len(list(folder.glob("*.json"))) <= 2


def test_no_coded_unit_text_is_needed_to_read_an_entry(tmp_path):
    """An entry holds numbers, digests and code ids, not the units' texts."""
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    run_cached(docs, codings, sample, ContentCache(folder))
    entries = sorted(folder.rglob("*.json"))
    assert len(entries) > 1  # the selection's and the rule hits'
    for entry in entries:
        assert "allotment" not in entry.read_text(encoding="utf-8")


def test_the_separate_codebook_statements_are_part_of_the_key():
    # the shared model reads each code's statements (`parts`) as well as its whole document: two
    # codebooks with the same documents but other statements must not share a selection
    from coprod.assistant_cache import selection_key

    args = (["a unit"], ["t1"], [[1]], [[0]], ["c"], {"c": "Travel bus train"})
    opts = {"min_positive": 5, "folds": 5, "seed": 1, "labels": {"c": "Travel"}}
    one = selection_key(*args, {**opts, "parts": {"c": ["Travel", "bus train"]}})
    two = selection_key(*args, {**opts, "parts": {"c": ["Travel bus", "train"]}})
    assert one != two
    assert one == selection_key(*args, {**opts, "parts": {"c": ["Travel", "bus train"]}})


def test_each_coders_codes_are_part_of_the_key():
    # the choices are scored against each coder's codes: the same consensus with other codings
    # behind it (one coder applied the code, the other not; or neither) must not share a selection
    from coprod.assistant_cache import selection_key

    args = (["a unit"], ["t1"], [[0]], [[0]], ["c"], {"c": "Travel"})
    opts = {"min_positive": 5, "folds": 5, "seed": 1}
    split = selection_key(*args, opts, [[[1, 0]]])
    neither = selection_key(*args, opts, [[[0, 0]]])
    assert split != neither and split == selection_key(*args, opts, [[[1, 0]]])


def test_selection_in_two_processes_gives_the_same_bytes(tmp_path, fresh, monkeypatch):
    """The outer folds and the selection on every unit run side by side in forked processes
    (`workers`, the job's threads): the same outputs, byte for byte, as one process — and the
    selections do run in the pool (none in this process: the children's calls are counted in
    their own memory)."""
    codebook, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    docs, codings, sample = corpus()
    here = []
    real = assistant_mod.Assistant.select

    def counted(self, *args, **kwargs):
        here.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(assistant_mod.Assistant, "select", counted)
    out = assist(unit_table(docs), codebook, codes, codings, sample, ["A", "B"], "all", SETTINGS, workers=2)
    assert _write(out, tmp_path / "two") == fresh
    assert here == []


# --- the rule hits of every unit, per code (rule_hits_cached) -------------------------------------


def _units_and_codes():
    docs, _, _ = corpus()
    _, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    return unit_table(docs).text.tolist(), list(codes)


def _hit_calls(monkeypatch) -> list[tuple[int, int]]:
    """(texts, codes) of every rule_hits call the cached version makes."""
    calls: list[tuple[int, int]] = []
    real = assistant_mod.rule_hits

    def counted(texts, codes):
        calls.append((len(texts), len(codes)))
        return real(texts, codes)

    monkeypatch.setattr(assistant_mod, "rule_hits", counted)
    return calls


def test_rule_hits_are_reused_per_code_and_per_text(tmp_path, monkeypatch):
    texts, codes = _units_and_codes()
    folder = tmp_path / "cache"
    expected = rule_hits(texts, codes)
    calls = _hit_calls(monkeypatch)
    assert (rule_hits_cached(texts, codes, ContentCache(folder)) == expected).all()
    assert calls == [(len(texts), len(codes))]
    assert len(list((folder / "rule_hits").glob("*.json"))) == len({rules_key(c) for c in codes})
    # the same units and rules: nothing applied again
    assert (rule_hits_cached(texts, codes, ContentCache(folder)) == expected).all()
    assert len(calls) == 1
    # one more keyword on one code: that code's rules on every unit, no other code's
    j = next(n for n, c in enumerate(codes) if c.id != "lived_experience")
    edited = list(codes)
    edited[j] = dataclasses.replace(codes[j], keywords=(*codes[j].keywords, keyword("allotment")))
    got = rule_hits_cached(texts, edited, ContentCache(folder))
    assert calls[1:] == [(len(texts), 1)]
    assert (got == rule_hits(texts, edited)).all() and (got != expected).any()
    # one unit's text edited: every code's rules on that unit only
    changed = [*texts[:-1], texts[-1] + " at the allotment"]
    got = rule_hits_cached(changed, edited, ContentCache(folder))
    assert calls[2:] == [(1, len(codes))]
    assert (got == rule_hits(changed, edited)).all()


@pytest.mark.parametrize("damage", ["truncated", "foreign", "misshapen", "checksum"])
def test_a_bad_rule_hits_entry_is_ignored_and_rebuilt(tmp_path, monkeypatch, damage):
    texts, codes = _units_and_codes()
    j = 1  # a code with hits, so that turning them off is wrong
    codes[j] = dataclasses.replace(codes[j], keywords=(*codes[j].keywords, keyword("allotment")))
    folder = tmp_path / "cache"
    expected = rule_hits(texts, codes)
    assert expected[:, j].any()
    rule_hits_cached(texts, codes, ContentCache(folder))
    entry = folder / "rule_hits" / f"{rules_key(codes[j])}.json"
    head, body = entry.read_text(encoding="utf-8").split("\n", 1)
    fmt, key, checksum = head.rsplit(" ", 2)
    value = json.loads(body)
    if damage == "truncated":
        entry.write_text(head + "\n" + body[: len(body) // 2], encoding="utf-8")
    elif damage == "foreign":  # another key's entry copied under this name
        entry.write_text(f"{fmt} {'0' * 64} {checksum}\n{body}", encoding="utf-8")
    elif damage == "checksum":  # a body edited by hand: every hit turned off
        entry.write_text(head + "\n" + body.replace("1", "0"), encoding="utf-8")
    else:  # a well-formed entry of another shape: one hit fewer than texts
        ContentCache(folder / "rule_hits").put(key, {**value, "hits": value["hits"][:-1]})
    calls = _hit_calls(monkeypatch)
    assert (rule_hits_cached(texts, codes, ContentCache(folder)) == expected).all()
    assert calls == [(len(texts), 1)]  # that code's column, rebuilt
    assert (rule_hits_cached(texts, codes, ContentCache(folder)) == expected).all()
    assert len(calls) == 1  # and its entry is good again


# --- what the selection computes without reading a rule hit (Memo) --------------------------------


def _book(tmp_path, regex: str | None = None):
    """The study codebook, with a regex rule on `woolly_word` if given (written to tmp_path)."""
    text = (ROOT / "config" / "codebook.yaml").read_text(encoding="utf-8")
    if regex:
        woolly = "keywords: [woolly, "
        assert woolly in text
        text = text.replace(woolly, f'regex: ["{regex}"]\n        {woolly}', 1)
    path = tmp_path / f"codebook-{'edited' if regex else 'as-is'}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def _run_book(book, docs, codings, sample, cache=None, settings=SETTINGS):
    codebook, codes = book
    units = unit_table(docs)
    return assist(units, codebook, codes, codings, sample, ["A", "B"], "all", settings, cache=cache)


def _counted(monkeypatch, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(assistant_mod.Assistant, name)

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(assistant_mod.Assistant, name, counted)
    return calls


def test_a_rule_edit_outside_the_documents_selects_from_the_kept_model_outputs(tmp_path, monkeypatch):
    """A regular expression is in no model's text features (only in its code's rule hits), so after
    one is added the selection runs again (its rule-based candidates change) but fits no per-code
    model out of fold and vectorises no unit for it: the outputs are those of a run without any
    cache. (A keyword is also in its code's codebook document, which every model reads: a keyword
    edit fits them all again.)"""
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    _run_book(_book(tmp_path), docs, codings, sample, ContentCache(folder))
    edited = _book(tmp_path, r"\\ballotments?\\b")  # fires where the humans coded lived_experience
    expected = _write(_run_book(edited, docs, codings, sample), tmp_path / "fresh")
    before = _write(_run_book(_book(tmp_path), docs, codings, sample), tmp_path / "before")
    assert expected != before  # the new rule's hits change the suggestions
    selections = _selection_runs(monkeypatch)
    oof = _counted(monkeypatch, "_out_of_fold")
    out = _run_book(edited, docs, codings, sample, ContentCache(folder))
    assert _write(out, tmp_path / "cached") == expected
    assert len(selections) == 1 and oof == []


def _memo_entries(folder):
    return sorted((folder / "memo").glob("*.json"))


@pytest.mark.parametrize("damage", ["truncated", "foreign", "misshapen", "checksum"])
def test_a_bad_memo_entry_is_ignored_and_rebuilt(tmp_path, fresh, monkeypatch, damage):
    folder = tmp_path / "cache"
    docs, codings, sample = corpus()
    run_cached(docs, codings, sample, ContentCache(folder))
    entries = _memo_entries(folder)
    kinds = {"models" in json.loads(e.read_text(encoding="utf-8").split("\n", 1)[1]) for e in entries}
    assert kinds == {True, False}  # out-of-fold entries and the outer folds' scored units
    n_oof = 0
    for entry in entries:
        head, body = entry.read_text(encoding="utf-8").split("\n", 1)
        fmt, key, checksum = head.rsplit(" ", 2)
        value = json.loads(body)
        n_oof += "models" in value
        if damage == "truncated":
            entry.write_text(head + "\n" + body[: len(body) // 2], encoding="utf-8")
        elif damage == "foreign":
            entry.write_text(f"{fmt} {'0' * 64} {checksum}\n{body}", encoding="utf-8")
        elif damage == "checksum":  # a body edited by hand
            entry.write_text(head + "\n" + body.replace('"f8":"', '"f8":"AAAA', 1), encoding="utf-8")
        elif "models" in value:  # well-formed, of another shape: one unit fewer
            m = value["models"]["tfidf_lr"]
            m["shape"][0] -= 1
            m["f8"] = base64.b64encode(base64.b64decode(m["f8"])[: -8 * m["shape"][1]]).decode()
            ContentCache(folder / "memo").put(key, value)
        elif value["shared"] is not None:  # well-formed, but the rule-hit feature set
            a = unpack_array(value["shared"])
            a[:, :, RULE_HIT] = 1.0
            ContentCache(folder / "memo").put(key, {**value, "shared": pack_array(a)})
        else:  # well-formed, of another shape: a model's probabilities for one unit fewer
            name, p = next((k, v) for k, v in value["proba"].items() if v is not None)
            value["proba"][name] = pack_array(unpack_array(p)[:-1])
            ContentCache(folder / "memo").put(key, value)
    for entry in folder.glob("*.json"):  # the selection's own entry: so that it runs again
        entry.unlink()
    oof = _counted(monkeypatch, "_out_of_fold")
    assert _write(run_cached(docs, codings, sample, ContentCache(folder)), tmp_path / "again") == fresh
    assert len(oof) == n_oof  # every one rebuilt
    for entry in folder.glob("*.json"):
        entry.unlink()
    assert _write(run_cached(docs, codings, sample, ContentCache(folder)), tmp_path / "third") == fresh
    assert len(oof) == n_oof  # and good again


def test_the_memo_is_bounded_and_private(tmp_path, fresh):
    docs, codings, sample = corpus()
    run_cached(docs, codings, sample, ContentCache(tmp_path / "full"))
    sizes = [e.stat().st_size for e in _memo_entries(tmp_path / "full")]
    assert len(sizes) > 2
    bound = sum(sizes) // 2  # the memo gets half the folder's bound: a quarter of its entries
    small = tmp_path / "small"
    out = run_cached(docs, codings, sample, ContentCache(small, max_bytes=bound))
    assert _write(out, tmp_path / "o") == fresh
    assert sum(e.stat().st_size for e in _memo_entries(small)) <= bound // 2
    assert stat.S_IMODE((small / "memo").stat().st_mode) == 0o700
    for entry in _memo_entries(tmp_path / "full"):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
