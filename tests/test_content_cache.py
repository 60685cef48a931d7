"""Results reused by content (coprod.cache): the audit's per-file scan and the topic fits give
exactly what a fresh computation gives, a corrupted or foreign entry is ignored and rebuilt,
and the cache stays private and bounded."""

from __future__ import annotations

import json
import shutil
import stat

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from test_topics_engine import TEXTS, topic_config

from coprod.cache import ContentCache
from coprod.errors import LeakError
from coprod.privacy.audit import audit_tree
from coprod.privacy.audit import scan as audit_scan
from coprod.privacy.deidentify import PseudonymKey
from coprod.topics import fit_cached, fit_diagnostics, fit_from_config, prepare

# synthetic names, this test's own
NAME, LATER = "Wendeline Quarrington", "Ottoline Brackwater"


def _study(tmp_path, originals=(NAME,)):
    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    res = tmp_path / "results"
    for sub in ("deidentified", "topics", "manuscript"):
        (res / sub).mkdir(parents=True, exist_ok=True)
    (res / "deidentified" / "t001.txt").write_text(
        "[Person 1]: Wendeline came round and the carrowans were there\n", encoding="utf-8"
    )
    (res / "deidentified" / "t002.txt").write_text(f"[Person 2]: {LATER} said so\n", encoding="utf-8")
    (res / "topics" / "topic_terms.tsv").write_text("topic\tterm\n1\tcarrowan\n", encoding="utf-8")
    (res / "manuscript" / "index.html").write_text("<p>Nothing to see</p>\n", encoding="utf-8")
    return res


def _audit(tmp_path, res, cache_dir, allow=()):
    """The private hit report of one audit (every hit with its place and original value) with
    these allowed phrases."""
    hits = tmp_path / "hits.tsv"
    hits.unlink(missing_ok=True)
    try:
        audit_tree(
            res,
            tmp_path / "key.json",
            None,
            None,
            tmp_path / "audit.tsv",
            list(allow),
            hits_path=hits,
            cache_dir=cache_dir,
        )
    except LeakError:
        return hits.read_text(encoding="utf-8")
    return "pass"


def test_audit_cache_reuses_scans_and_gives_the_same_hits(tmp_path, monkeypatch):
    res = _study(tmp_path)
    cache = tmp_path / "private" / "cache" / "audit"
    fresh = _audit(tmp_path, res, None)
    assert "Wendeline" in fresh and LATER not in fresh  # LATER is not (yet) an identifier
    assert _audit(tmp_path, res, cache) == fresh  # cold cache
    entries = sorted(cache.iterdir())
    # one per file, the set of values and the set of allowed phrases they were scanned for,
    # the identifier values read and each published transcript's lower-case word counts
    assert len(entries) == 9
    # private: the folder 0700, each entry 0600 (an entry holds original values)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in entries)
    assert any("Wendeline" in p.read_text(encoding="utf-8") for p in entries)

    # warm: no file is read into units again
    def no_reading(*args, **kwargs):
        raise AssertionError("a cached file was read again")

    with monkeypatch.context() as m:
        m.setattr(audit_scan, "_by_type", no_reading)
        m.setattr(audit_scan, "extract", no_reading)
        assert _audit(tmp_path, res, cache) == fresh
    # a changed file is scanned again, the others reused
    (res / "deidentified" / "t001.txt").write_text("[Person 1]: nobody came\n", encoding="utf-8")
    assert _audit(tmp_path, res, cache) == _audit(tmp_path, res, None)


def test_audit_cache_follows_the_identifiers_and_the_published_words(tmp_path):
    res = _study(tmp_path)
    cache = tmp_path / "cache"
    assert "Carrowan" not in _audit(tmp_path, res, cache)  # a stem of "carrowans", which t001 writes
    # a new identifier: every file is scanned against it, though no file changed
    _study(tmp_path, (NAME, LATER, "Carrowan"))
    with_new = _audit(tmp_path, res, None)
    assert LATER in with_new and _audit(tmp_path, res, cache) == with_new
    # the stem question the topic table's scan asked now has another answer: scanned again
    (res / "deidentified" / "t001.txt").write_text("[Person 1]: Wendeline came round\n", encoding="utf-8")
    fresh = _audit(tmp_path, res, None)
    assert "topic_terms.tsv\tline 2\tCarrowan" in fresh
    assert _audit(tmp_path, res, cache) == fresh


@pytest.mark.parametrize(
    "damage",
    [
        lambda p, other: p.write_text(p.read_text(encoding="utf-8")[:-9], encoding="utf-8"),  # truncated
        lambda p, other: p.write_bytes(b"\xff\xfe not json"),
        lambda p, other: p.write_text("", encoding="utf-8"),
        # a well-formed entry of another file (a foreign entry under this key)
        lambda p, other: shutil.copyfile(other, p),
        # the body changed without its checksum: an entry that would hide a hit
        lambda p, other: p.write_text(
            p.read_text(encoding="utf-8").replace("Wendeline", "Xendeline"), encoding="utf-8"
        ),
    ],
    ids=["truncated", "binary", "empty", "foreign", "tampered"],
)
def test_a_corrupted_or_foreign_audit_entry_is_ignored_and_rebuilt(tmp_path, damage):
    res = _study(tmp_path)
    cache = tmp_path / "cache"
    fresh = _audit(tmp_path, res, None)
    _audit(tmp_path, res, cache)
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    holding = [p for p in cache.iterdir() if "Wendeline" in p.read_text(encoding="utf-8")]
    other = next(p for p in cache.iterdir() if p not in holding)
    damage(holding[0], other)
    assert _audit(tmp_path, res, cache) == fresh
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before  # rebuilt as it was


def test_identifier_values_are_reused_only_while_what_they_are_read_from_is_the_same(tmp_path, monkeypatch):
    """The audit's identifier values (from the key, register, review log, decisions and the
    reference lists) are kept in the private cache: the same values as read fresh, not read again
    while those are unchanged, read again when the key changes; a damaged entry is rebuilt."""
    from coprod.privacy.audit import values as audit_values

    res = _study(tmp_path)
    cache = tmp_path / "cache"
    fresh = _audit(tmp_path, res, None)
    assert _audit(tmp_path, res, cache) == fresh

    def no_reading(*args, **kwargs):
        raise AssertionError("the identifier values were read again")

    with monkeypatch.context() as m:
        m.setattr(audit_values, "identifier_values", no_reading)
        m.setattr(audit_scan, "identifier_values", no_reading)
        assert _audit(tmp_path, res, cache) == fresh
    # a new identifier in the key: read again, found
    _study(tmp_path, (NAME, LATER))
    with_new = _audit(tmp_path, res, cache)
    assert LATER in with_new and with_new == _audit(tmp_path, res, None)
    # every entry damaged: ignored and rebuilt, the same report
    for entry in cache.iterdir():
        entry.write_text("{not json", encoding="utf-8")
    assert _audit(tmp_path, res, cache) == with_new


def test_content_cache_is_bounded_and_evicts_the_least_recently_used(tmp_path):
    cache = ContentCache(tmp_path / "c", max_bytes=3000)
    for n in range(10):
        cache.put(f"{n:064x}", {"n": n, "pad": "x" * 500})
        if n >= 1:
            assert cache.get(f"{0:064x}") == {"n": 0, "pad": "x" * 500}  # kept: used every time
    total = sum(p.stat().st_size for p in (tmp_path / "c").iterdir())
    assert total <= 3000
    assert cache.get(f"{0:064x}") is not None and cache.get(f"{1:064x}") is None
    assert cache.get(f"{9:064x}") == {"n": 9, "pad": "x" * 500}


# ---------------------------------------------------------------------------------------------- topic fits


def _prep(texts):
    return prepare(texts, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)


P = dict(max_iter=30, samples=2, thin=5, heldout_fraction=0.2)


def test_a_reused_fit_is_the_fresh_fit_exactly(tmp_path):
    prep = _prep(TEXTS * 2)
    p = topic_config(**P)
    cache = ContentCache(tmp_path / "topics")
    fresh = fit_from_config(prep.docs, prep.vocab, 3, 5, p)
    first = fit_cached(prep.docs, prep.vocab, 3, 5, p, cache)
    again = fit_cached(prep.docs, prep.vocab, 3, 5, p, cache)
    assert again.model is None and first.model is not None  # the second came from the cache
    for f in (first, again):
        for attr in ("topic_term", "doc_topic", "doc_counts", "alpha"):
            assert np.array_equal(getattr(f, attr), getattr(fresh, attr)), attr
    # another seed or another sampler setting is another fit
    assert fit_cached(prep.docs, prep.vocab, 3, 6, p, cache).model is not None
    assert fit_cached(prep.docs, prep.vocab, 3, 5, {**p, "max_iter": 31}, cache).model is not None


def test_search_fits_are_reused_when_only_documents_outside_the_sample_change(tmp_path, monkeypatch):
    from coprod import topics
    from coprod.topics import search_sample

    prep = _prep(TEXTS * 4)
    p = topic_config(**P, search_max_segments=24)
    cache = ContentCache(tmp_path / "topics")
    fresh = fit_diagnostics(prep, 3, 1, p)
    cold = fit_diagnostics(prep, 3, 1, p, cache=cache)
    assert {**cold, "seconds": 0} == {**fresh, "seconds": 0}
    inside = set(search_sample([str(i) for i in range(prep.X.shape[0])], 24, p["seeds"][0]))
    other = [d if i in inside else d[:1] for i, d in enumerate(prep.docs)]
    changed = type(prep)(prep.X, prep.vocab, prep.display, prep.collocations, other)

    def no_fitting(*args, **kwargs):
        raise AssertionError("refitted")

    with monkeypatch.context() as m:
        m.setattr(topics, "fit_from_config", no_fitting)
        reused = fit_diagnostics(changed, 3, 1, p, cache=cache)
    reused.pop("seconds")
    expected = fit_diagnostics(changed, 3, 1, p)
    expected.pop("seconds")
    assert reused == expected
    # a document inside the sample changes: fitted again, and the same as fresh
    first = min(inside)
    inner = [d[:1] if i == first else d for i, d in enumerate(prep.docs)]
    moved = type(prep)(prep.X, prep.vocab, prep.display, prep.collocations, inner)
    a, b = fit_diagnostics(moved, 3, 1, p, cache=cache), fit_diagnostics(moved, 3, 1, p)
    a.pop("seconds"), b.pop("seconds")
    assert a == b and a["heldout_loglik"] != reused["heldout_loglik"]


def test_a_transcript_added_outside_the_sample_reuses_every_search_fit(tmp_path, monkeypatch):
    from coprod import topics
    from coprod.topics import search_sample, segment_transcript

    # twelve transcripts of three segments each (rows sorted by id, as in corpus.json)
    docs = {
        f"t{t:03d}_{turn:04d}": TEXTS[(t + turn) % len(TEXTS)] for t in range(1, 25, 2) for turn in (1, 2, 3)
    }
    p = topic_config(**P, search_max_segments=18)
    prep = _prep(list(docs.values()))
    ids = list(docs)
    cache = ContentCache(tmp_path / "topics")
    before = fit_diagnostics(prep, 3, 1, p, cache=cache, ids=ids)
    sample = {ids[i] for i in search_sample(ids, 18, p["seeds"][0])}
    # a new transcript whose id ranks outside the sample, sorted in among the others: every
    # later row moves
    for t in range(2, 25, 2):
        new = f"t{t:03d}"
        grown_ids = sorted(ids + [f"{new}_{turn:04d}" for turn in (1, 2, 3)])
        picked = {grown_ids[i] for i in search_sample(grown_ids, 18, p["seeds"][0])}
        if new not in {segment_transcript(s) for s in picked}:
            break
    else:
        raise AssertionError("every new transcript ranked inside the sample")
    assert picked == sample
    grown = {**docs, **{f"{new}_{turn:04d}": "budget cuts savings money pilot" for turn in (1, 2, 3)}}
    grown = dict(sorted(grown.items()))
    prep2 = _prep(list(grown.values()))
    assert prep2.vocab == prep.vocab

    def no_fitting(*args, **kwargs):
        raise AssertionError("refitted")

    with monkeypatch.context() as m:
        m.setattr(topics, "fit_from_config", no_fitting)
        reused = fit_diagnostics(prep2, 3, 1, p, cache=cache, ids=list(grown))
    fresh = fit_diagnostics(prep2, 3, 1, p, ids=list(grown))
    reused.pop("seconds"), fresh.pop("seconds"), before.pop("seconds")
    assert reused == fresh
    assert reused["heldout_loglik"] == before["heldout_loglik"]


def test_a_corrupted_or_foreign_fit_entry_is_ignored_and_rebuilt(tmp_path):
    prep = _prep(TEXTS * 2)
    p = topic_config(**P)
    folder = tmp_path / "topics"
    cache = ContentCache(folder)
    fresh = fit_cached(prep.docs, prep.vocab, 3, 5, p, cache)
    fit_cached(prep.docs, prep.vocab, 2, 5, p, cache)
    entries = sorted(folder.iterdir(), key=lambda f: f.stat().st_mtime)
    three, two = entries
    shutil.copyfile(two, three)  # a K=2 entry under the K=3 key
    refit = fit_cached(prep.docs, prep.vocab, 3, 5, p, cache)
    assert refit.model is not None and np.array_equal(refit.topic_term, fresh.topic_term)
    # an entry that parses, names its key and checks out but holds the wrong shape
    head, body = three.read_text(encoding="utf-8").split("\n", 1)
    doc = json.loads(body)
    doc["alpha"]["shape"] = [1]
    key = three.name[: -len(".json")]
    cache.put(key, doc)
    refit = fit_cached(prep.docs, prep.vocab, 3, 5, p, cache)
    assert refit.model is not None and np.array_equal(refit.doc_topic, fresh.doc_topic)
    assert fit_cached(prep.docs, prep.vocab, 3, 5, p, cache).model is None  # rebuilt


# ---------------------------------------------------------------------------------------------- renders


def test_a_render_is_reused_only_while_every_input_is_the_same(tmp_path, monkeypatch):
    from coprod import render

    src = tmp_path / "manuscript"
    src.mkdir()
    (src / "index.qmd").write_text("# Results\n", encoding="utf-8")
    (src / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
    gen = tmp_path / "generated"
    gen.mkdir()
    (gen / "_variables.yml").write_text("n: 1\n", encoding="utf-8")
    out, stage = tmp_path / "results" / "manuscript", tmp_path / "results" / "manuscript" / "source"
    calls = []

    def fake_render(source_dir, generated_dir, figures, stage_, out_dir, engine, epoch):
        calls.append(1)
        n = (generated_dir / "_variables.yml").read_text(encoding="utf-8")
        stage_.mkdir(parents=True, exist_ok=True)
        (stage_ / "index.qmd").write_text(n, encoding="utf-8")
        for name in (*render.OUTPUTS, "render.json"):
            (out_dir / name).write_bytes(f"{name} {n} {len(calls)}".encode())

    monkeypatch.setattr(render, "render_manuscript", fake_render)
    monkeypatch.setattr(render, "pandoc_path", lambda: "")
    cache = ContentCache(tmp_path / "cache")
    inputs = [str(src / "index.qmd"), str(gen / "_variables.yml")]

    def run():
        out.mkdir(parents=True, exist_ok=True)
        render.render_cached(inputs, src, gen, [], stage, out, "pandoc+typst", 1, cache)
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    first = run()
    shutil.rmtree(out)
    assert run() == first and len(calls) == 1  # restored byte for byte, not rendered
    (gen / "_variables.yml").write_text("n: 2\n", encoding="utf-8")
    assert run() != first and len(calls) == 2  # a changed input renders
    (gen / "_variables.yml").write_text("n: 1\n", encoding="utf-8")
    # an entry that would write outside the staged project is not trusted: rendered instead
    for p in sorted((tmp_path / "cache").iterdir()):
        key = p.name[: -len(".json")]
        body = cache.get(key)
        body["files"]["../../escaped.txt"] = "eA=="
        cache.put(key, body)
    before = len(calls)
    run()
    assert len(calls) == before + 1 and not (tmp_path / "escaped.txt").exists()
