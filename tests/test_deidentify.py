"""De-identification contract: detectors, consistent pseudonyms, the append-only key, the CLI."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess

import pytest
from conftest import BIN, CORPUS

from coprod.cli import main as cli
from coprod.errors import InputError
from coprod.privacy.deidentify import Detector, PseudonymKey, deidentify_files, render_text
from coprod.privacy.detectors import POSTCODE_RE
from coprod.privacy.register import Entity, load_register, person_variants

REGISTER = CORPUS / "register.yaml"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"})


def find(text, entities=()):
    return [(text[s.start : s.end], s.type) for s in Detector(list(entities)).find(text)]


def test_person_variants_cover_first_last_title():
    v = person_variants("Siobhan O'Donnell")
    assert {
        "Siobhan O'Donnell",
        "Siobhan",
        "O'Donnell",
        "Dr O'Donnell",
        "Mrs O'Donnell",
        "Cllr O'Donnell",
    } <= v


def test_register_matches_variants_and_possessives():
    ents = [Entity("PERSON", "Graham McAllister"), Entity("PLACE", "Kirkcaldy")]
    got = find("Graham's idea; Mr McAllister agreed in Kirkcaldy. GRAHAM MCALLISTER too.", ents)
    assert got == [
        ("Graham", "PERSON"),
        ("Mr McAllister", "PERSON"),
        ("Kirkcaldy", "PLACE"),
        ("GRAHAM MCALLISTER", "PERSON"),
    ]


def test_single_word_register_forms_are_case_sensitive():
    assert find("we hope to grace the bill", [Entity("PERSON", "Grace Hope")]) == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("mail jean.ferguson@fife.gov.uk now", "EMAIL"),
        ("see www.example-alliance.org.uk.", "URL"),
        ("see https://example.org/path?q=1 today", "URL"),
        ("ring 0131 496 0123", "PHONE"),
        ("ring +44 7700 900456", "PHONE"),
        ("ring 07700900456", "PHONE"),
        ("at DD1 4HN", "POSTCODE"),
        ("at EH10 5AB", "POSTCODE"),
        ("at G2 1AA", "POSTCODE"),
        ("at GIR 0AA", "POSTCODE"),
    ],
)
def test_patterns_positive(text, kind):
    assert [k for _, k in find(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "the 2014 Act and 2020 plans",
        "chapter 3 of the guidance",
        "about 20 people came",
        "room AB12",
        "the IJB met",
        "score 1 2 3",
    ],
)
def test_patterns_negative(text):
    assert find(text) == []


def test_postcode_rules_reject_invalid_letters():
    assert POSTCODE_RE.search("QA1 1AA") is None  # Q is never a first letter
    assert POSTCODE_RE.search("DD1 4CI") is None  # C and I never appear in the inward code


def test_consistent_pseudonyms_and_contract_format(tmp_path):
    out = tmp_path / "out"
    deidentify_files(FILES, REGISTER, tmp_path / "key.json", out, json_out=False)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert sorted(texts) == ["t001", "t002", "t003", "t004"]
    # the interviewer is the same pseudonym in every transcript she appears in
    label = texts["t003"].split(":")[0]
    assert re.fullmatch(r"\[Person \d+\]", label) and texts["t004"].startswith(label + ": ")
    for text in texts.values():
        paragraphs = text.rstrip("\n").split("\n\n")
        assert all(": " in p and "\n" not in p for p in paragraphs)
        for name in (
            "Jean",
            "Kirsty",
            "Fraser",
            "Alan Baxter",
            "Kirkcaldy",
            "Lochee",
            "07700",
            "DD1 4HN",
            "fife.gov.uk",
            "Rhona",
        ):
            assert name not in text


def test_key_is_private_and_append_only_when_a_transcript_is_added(tmp_path):
    key = tmp_path / "key.json"
    deidentify_files(FILES[:2], REGISTER, key, tmp_path / "a", json_out=False)
    first = json.loads(key.read_text())["entries"]
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    deidentify_files(FILES, REGISTER, key, tmp_path / "b", json_out=False)
    second = json.loads(key.read_text())["entries"]
    assert second[: len(first)] == first and len(second) > len(first)
    for stem in ("t001", "t002"):
        assert (tmp_path / "a" / f"{stem}.txt").read_text() == (tmp_path / "b" / f"{stem}.txt").read_text()


def test_rerun_is_byte_identical(tmp_path):
    deidentify_files(FILES, REGISTER, tmp_path / "k1.json", tmp_path / "o1")
    deidentify_files(FILES, REGISTER, tmp_path / "k1.json", tmp_path / "o2")
    for p in (tmp_path / "o1").iterdir():
        assert p.read_bytes() == (tmp_path / "o2" / p.name).read_bytes()


def test_unregistered_name_in_a_speaker_label_is_pseudonymised(tmp_path):
    # "Morven" alone is a variant of the label's name, so it maps to the same person
    src = tmp_path / "t.txt"
    src.write_text("Interviewer: Hello Morven.\n\nMorven Baird: Hello, I'm Morven.\n", encoding="utf-8")
    deidentify_files([src], None, tmp_path / "k.json", tmp_path / "o", json_out=False)
    assert (tmp_path / "o" / "t001.txt").read_text() == (
        "Interviewer: Hello [Person 1].\n\n[Person 1]: Hello, I'm [Person 1].\n"
    )


def test_unregistered_speaker_in_capitals_or_by_mail_gets_one_pseudonym(tmp_path):
    """Issue 13: "MORVEN BAIRD" in one transcript and "Morven Baird" in another, or her e-mail
    address as a label, were two people with two pseudonyms."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Interviewer: Hello.\n\nMORVEN BAIRD: Hello there.\n", encoding="utf-8")
    b.write_text(
        "Interviewer: Welcome back.\n\nmorven.baird@council.scot: Thanks.\n\nMorven Baird: Again.\n",
        encoding="utf-8",
    )
    deidentify_files([a, b], None, tmp_path / "k.json", tmp_path / "o", json_out=False)
    assert (tmp_path / "o" / "t001.txt").read_text() == "Interviewer: Hello.\n\n[Person 1]: Hello there.\n"
    assert (tmp_path / "o" / "t002.txt").read_text() == (
        "Interviewer: Welcome back.\n\n[Person 1]: Thanks.\n\n[Person 1]: Again.\n"
    )


def test_bad_input_writes_nothing_and_leaves_key_alone(tmp_path):
    key = tmp_path / "key.json"
    deidentify_files(FILES[:1], REGISTER, key, tmp_path / "o")
    before = key.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError):
        deidentify_files([FILES[1], empty], REGISTER, key, tmp_path / "o2")
    assert key.read_bytes() == before and not (tmp_path / "o2").exists()


def test_register_errors_are_one_line(tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text("people:\n  - {name: X Y, aliasses: []}\n")
    with pytest.raises(InputError, match=r"unknown key 'people.0.aliasses'"):
        load_register(bad)


def test_corrupt_key_is_refused(tmp_path):
    key = tmp_path / "key.json"
    key.write_text("{not json")
    with pytest.raises(InputError, match="not a pseudonym key"):
        PseudonymKey.load(key)


def test_render_text_contract():
    doc = {"turns": [{"speaker": "A", "text": "one"}, {"speaker": "B", "text": "two"}]}
    assert render_text(doc) == "A: one\n\nB: two\n"


def test_cli_entry_point_contract(tmp_path):
    """The installed console script, exactly as outside tools call it."""
    out, key = tmp_path / "out", tmp_path / "key.json"
    cmd = [
        str(BIN / "coprod"),
        "deidentify",
        "--register",
        str(REGISTER),
        "--key",
        str(key),
        "--out",
        str(out),
        *map(str, FILES),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["t001.txt", "t002.txt", "t003.txt", "t004.txt"]
    assert f"t001 <- {FILES[0]}" in proc.stderr  # the private mapping, on the terminal only
    assert key.exists()


def test_cli_bad_input_one_line_nonzero(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04junk")
    rc = cli(["deidentify", "--key", str(tmp_path / "k.json"), "--out", str(tmp_path / "o"), str(bad)])
    err = capsys.readouterr().err
    assert rc == 1 and err.count("\n") == 1 and "bad.docx" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists() and not (tmp_path / "k.json").exists()


# ------------------------------------------------------------ plans: corpus step + per-chunk step
def _parsed(paths):
    from coprod.ingest import read_transcript
    from coprod.privacy.register import interviewer_labels

    labels = ("Interviewer",) + tuple(interviewer_labels(load_register(REGISTER)))
    return [read_transcript(p, labels, f"t{k:03d}") for k, p in enumerate(paths, start=1)]


def test_plans_applied_per_chunk_publish_what_the_one_step_door_publishes(tmp_path):
    from coprod.privacy.deidentify import apply_chunk

    transcripts = _parsed(FILES)
    deidentify_files([], REGISTER, tmp_path / "k1.json", tmp_path / "direct", transcripts=transcripts)
    plans = {
        tmp_path / "plans" / "000.json": ["t001", "t003"],
        tmp_path / "plans" / "001.json": ["t002", "t004"],
    }
    deidentify_files(
        [], REGISTER, tmp_path / "k2.json", tmp_path / "unused", transcripts=transcripts, plans=plans
    )
    assert not (tmp_path / "unused").exists()  # the corpus step publishes nothing itself
    by_id = {t.id: t for t in transcripts}
    for path, ids in plans.items():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # private: offsets of names
        text = path.read_text(encoding="utf-8")
        assert "Kirsty" not in text and "Baxter" not in text  # labels and offsets, no original text
        apply_chunk(path, [by_id[i] for i in ids], tmp_path / "chunked")
    for p in sorted((tmp_path / "direct").iterdir()):
        assert p.read_bytes() == (tmp_path / "chunked" / p.name).read_bytes(), p.name


def test_the_corpus_step_with_plans_builds_the_plan_only(tmp_path, monkeypatch):
    """With plans, the chunk jobs publish: the corpus step makes the same log (the plan) as a
    publishing run, and no published document it would throw away."""
    import coprod.privacy.deidentify as deid
    from coprod.privacy.analyzer import Settings

    transcripts = _parsed(FILES)
    entities = load_register(REGISTER)
    docs, log = deid.deidentify_transcripts(transcripts, entities, PseudonymKey(), Settings())
    assert len(docs) == len(transcripts)
    applied = []
    original = deid.apply_plan
    monkeypatch.setattr(deid, "apply_plan", lambda t, rows: applied.append(t.id) or original(t, rows))
    none, plan = deid.deidentify_transcripts(transcripts, entities, PseudonymKey(), Settings(), publish=False)
    assert none == [] and plan == log and len(log) > 20 and not applied
    plans = {tmp_path / "plans" / "000.json": [t.id for t in transcripts]}
    deidentify_files([], REGISTER, tmp_path / "k.json", tmp_path / "o", transcripts=transcripts, plans=plans)
    assert not applied and (tmp_path / "plans" / "000.json").exists()


def test_a_stale_or_foreign_plan_is_one_line_and_publishes_nothing(tmp_path):
    from dataclasses import replace

    from coprod.privacy.deidentify import apply_chunk

    transcripts = _parsed(FILES)
    plan = tmp_path / "plans" / "000.json"
    deidentify_files([], REGISTER, tmp_path / "k.json", tmp_path / "x", transcripts=transcripts,
                     plans={plan: [t.id for t in transcripts]})  # fmt: skip
    edited = transcripts[:1] + [replace(transcripts[1], turns=transcripts[1].turns[:-1])]
    with pytest.raises(InputError, match="not made for transcript t002 as it is now"):
        apply_chunk(plan, edited, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # checked before anything is written
    junk = tmp_path / "junk.json"
    junk.write_text('{"entries": []}')
    with pytest.raises(InputError, match="not a de-identification plan"):
        apply_chunk(junk, transcripts, tmp_path / "out")
    with pytest.raises(InputError, match="not made for transcript"):
        apply_chunk(plan, [replace(transcripts[0], id="t999")], tmp_path / "out")


# ------------------------------------------------------------ per-transcript detection cache
def _counting_detector(monkeypatch):
    """Count the transcripts the analyzer reads (one find_many call each)."""
    from coprod.privacy.analyzer import Analyzer

    calls, depth = [], []
    original = Analyzer.find_many

    def counted(self, texts):
        if not depth:  # not its own inner call (repeated texts are read once)
            calls.append(len(texts))
        depth.append(1)
        try:
            return original(self, texts)
        finally:
            depth.pop()

    monkeypatch.setattr(Analyzer, "find_many", counted)
    return calls


def _deid(transcripts, cache=None, allow=(), entities=None):
    from coprod.privacy.analyzer import Settings
    from coprod.privacy.deidentify import deidentify_transcripts

    entities = load_register(REGISTER) if entities is None else entities
    return deidentify_transcripts(transcripts, entities, PseudonymKey(), Settings(allow=allow), cache=cache)


def _body(path):
    return json.loads(path.read_text(encoding="utf-8").split("\n", 1)[1])


def _entries(folder, kind):
    """The cache entries of one kind: "text" (a transcript's detection), "latest" (its last
    detection, naming the analyzer it was made under), "unregistered" or "entities" (a register)."""
    out = []
    for path in sorted(folder.iterdir()):
        body = _body(path)
        if kind in body and (kind != "text" or "base" not in body):
            out.append(path)
        elif kind == "latest" and "base" in body:
            out.append(path)
    return out


def _pairs(folder):
    """(detection entry, last-detection entry) of each transcript."""
    mains = {json.dumps(_body(p), sort_keys=True): p for p in _entries(folder, "text")}
    out = []
    for path in _entries(folder, "latest"):
        body = _body(path)
        del body["base"]
        out.append((mains[json.dumps(body, sort_keys=True)], path))
    return sorted(out)


def _spoil(cache, entries):
    """Three entries made bad: a truncated write, another transcript's entry, and one that checks
    out but does not fit its transcript (a span past the end of the text)."""
    a, b, c = entries
    a.write_text(a.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    b.write_text(c.read_text(encoding="utf-8"), encoding="utf-8")
    doc = _body(c)
    doc["text"][0] = [[0, 10**6, "PERSON", "x", "register", 1.0]]
    cache.put(c.name[: -len(".json")], doc)


def _counting_unregistered(monkeypatch):
    """Count the runs of the recognizers that read no register entry over a transcript's turns
    (the file names, read once per run after detection, are not counted: shorter than 40)."""
    from coprod.privacy.analyzer import Analyzer

    calls = []
    original = Analyzer._unregistered

    def counted(self, seen, index, patterns):
        if len(seen) > 40:
            calls.append(len(seen))
        return original(self, seen, index, patterns)

    monkeypatch.setattr(Analyzer, "_unregistered", counted)
    return calls


def _grown_register(transcripts):
    """The register with two invented people more: one whose surname is a capitalised word one
    transcript has and the register did not list (so the entry changes what is replaced), one
    nobody mentions."""
    from coprod.privacy.deidentify import published_form

    base = load_register(REGISTER)
    listed = {w.casefold() for e in base for form in (e.name, *e.aliases) for w in form.split()}
    replaced = {r.original.casefold() for r in _deid(transcripts)[1]}
    word = next(
        w
        for t in map(published_form, transcripts)
        for u in t.turns
        for w in re.findall(r"\b[A-Z][a-z]{5,}\b", u.text)
        if w.casefold() not in listed and w.casefold() not in replaced
    )
    return base + [Entity("PERSON", f"Quilla {word}"), Entity("PERSON", "Orsolya Brackenfeld-Imrie")]


def test_cached_detection_gives_exactly_what_fresh_detection_gives(tmp_path, monkeypatch):
    from coprod.cache import ContentCache

    transcripts = _parsed(FILES)
    fresh = _deid(transcripts)
    cache = ContentCache(tmp_path / "cache" / "deidentify")
    calls = _counting_detector(monkeypatch)
    cold = _deid(transcripts, cache)
    # per transcript: its detection, its last detection under any register, and what of it
    # owes nothing to the register; and the register itself, once
    assert len(calls) == len(transcripts) and cache.misses == 3 * len(transcripts) + 1
    warm = _deid(transcripts, cache)
    assert len(calls) == len(transcripts)  # nothing read again
    assert cold == fresh and warm == fresh
    assert len(warm[1]) > 20 and {"PERSON", "EMAIL"} <= {r.type for r in warm[1]}
    # private: the entries hold original text
    assert stat.S_IMODE(os.stat(tmp_path / "cache" / "deidentify").st_mode) == 0o700
    for entry in (tmp_path / "cache" / "deidentify").iterdir():
        assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600


def test_adding_a_transcript_detects_only_it_and_what_its_words_touch(tmp_path, monkeypatch):
    from dataclasses import replace

    from coprod.cache import ContentCache
    from coprod.privacy.detection_cache import CommonWords

    transcripts = _parsed(FILES)
    cache = ContentCache(tmp_path / "cache")
    calls = _counting_detector(monkeypatch)
    _deid(transcripts[:-1], cache)
    assert len(calls) == len(transcripts) - 1
    fresh = _deid(transcripts)
    calls.clear()
    assert _deid(transcripts, cache) == fresh
    # the new one, and only those others whose words meet a lower-case word only it brings
    from coprod.privacy.deidentify import common_words, published_form

    published = [published_form(t) for t in transcripts]
    before, after = CommonWords(common_words(published[:-1])), CommonWords(common_words(published))

    def texts(t):
        return [u.text for u in t.turns] + [u.speaker for u in t.turns]

    touched = [t.id for t in published[:-1] if before.within(texts(t)) != after.within(texts(t))]
    assert len(calls) == 1 + len(touched) < len(transcripts)
    # an edit that brings a word no other transcript has: only the edited one is read again
    last = transcripts[-1]
    turns = list(last.turns)
    turns[-1] = replace(turns[-1], text=turns[-1].text + " We talked about the woolsack too.")
    edited = transcripts[:-1] + [replace(last, turns=turns)]
    fresh = _deid(edited)
    calls.clear()
    assert _deid(edited, cache) == fresh and len(calls) == 1


def test_a_corrupted_or_foreign_detection_entry_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    from coprod.cache import ContentCache

    transcripts = _parsed(FILES)
    fresh = _deid(transcripts)
    folder = tmp_path / "cache"
    cache = ContentCache(folder)
    _deid(transcripts, cache)
    pairs = _pairs(folder)
    assert len(pairs) == len(transcripts)
    # a transcript's detection entry bad: its last detection under this register stands in
    mains = [m for m, _ in pairs[:3]]
    bodies = [m.read_text(encoding="utf-8") for m in mains]
    _spoil(cache, mains)
    calls = _counting_detector(monkeypatch)
    assert _deid(transcripts, ContentCache(folder)) == fresh and calls == []
    assert [m.read_text(encoding="utf-8") for m in mains] == bodies  # rebuilt as they were
    # both bad: detected again
    b = pairs[1][0]
    _spoil(cache, mains)
    _spoil(cache, [latest for _, latest in pairs[:3]])
    again = _deid(transcripts, ContentCache(folder))
    assert again == fresh
    assert len(calls) == 3  # exactly the three bad entries were read again
    assert b.read_text(encoding="utf-8") == bodies[1]  # rebuilt as it was
    calls.clear()
    assert _deid(transcripts, ContentCache(folder)) == fresh and calls == []


def test_a_grown_register_reuses_what_no_register_entry_changes_and_gives_a_fresh_runs_output(
    tmp_path, monkeypatch
):
    from coprod.cache import ContentCache
    from coprod.privacy.analyzer import Analyzer
    from coprod.privacy.recognizers.near_mentions import NearMentionRule

    transcripts = _parsed(FILES)
    grown = _grown_register(transcripts)
    before, fresh = _deid(transcripts), _deid(transcripts, entities=grown)
    assert before != fresh  # the added entry replaces a word the first register left
    cache = ContentCache(tmp_path / "cache")
    unregistered = _counting_unregistered(monkeypatch)
    _deid(transcripts, cache)
    assert unregistered  # a cold run computes them
    calls = _counting_detector(monkeypatch)
    unregistered.clear()
    near, finish = [], []
    original = NearMentionRule.apply
    monkeypatch.setattr(NearMentionRule, "apply", lambda self, *a: near.append(1) or original(self, *a))
    original_finish = Analyzer._finish
    monkeypatch.setattr(
        Analyzer,
        "_finish",
        lambda self, spans, text: finish.append(len(text) > 40) or original_finish(self, spans, text),
    )
    # the transcripts where a new entry's form (or a word near one) is written are detected
    # again for the grown register (the register and the joined names), but the other
    # recognizers are not run again, and the allow-list and overlap pass and the near mentions
    # only where the new entry found something; the others keep their last detection
    assert _deid(transcripts, cache, entities=grown) == fresh
    assert 1 <= len(calls) < len(transcripts) and unregistered == []
    assert 1 <= len(near) < len(transcripts)
    assert 1 <= sum(finish) < len(transcripts)
    # and the grown register's detection is itself reused next time
    calls.clear()
    assert _deid(transcripts, cache, entities=grown) == fresh and calls == []
    # shrinking it back reuses the first register's entries
    assert _deid(transcripts, cache) == before and calls == [] and unregistered == []


def test_a_corrupted_or_foreign_register_free_entry_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    from coprod.cache import ContentCache

    transcripts = _parsed(FILES)
    grown = _grown_register(transcripts)
    fresh = _deid(transcripts, entities=grown)
    folder = tmp_path / "cache"
    _deid(transcripts, ContentCache(folder))
    for path in _entries(folder, "latest"):  # every transcript detected again for the grown register
        path.unlink()
    a, b, c = _entries(folder, "unregistered")[:3]
    a.write_text(a.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # truncated write
    b.write_text(c.read_text(encoding="utf-8"), encoding="utf-8")  # another transcript's entry
    # one that checks out but does not fit its texts (a span past the end of the text)
    doc = json.loads(c.read_text(encoding="utf-8").split("\n", 1)[1])
    for groups in doc["unregistered"].values():
        groups[0] = [[0, 10**6, "PERSON", "x", "context", 0.9]]
    ContentCache(folder).put(c.name[: -len(".json")], doc)
    unregistered = _counting_unregistered(monkeypatch)
    assert _deid(transcripts, ContentCache(folder), entities=grown) == fresh
    # exactly the three bad entries' transcripts were read again
    assert len(unregistered) == 3
    assert b.read_text(encoding="utf-8") != c.read_text(encoding="utf-8")  # its own again
    # every register-free entry is whole again: another register change re-runs none of them
    other = grown[:-1] + [Entity("PERSON", "Tamsin Okonkwo-Vare")]
    expected = _deid(transcripts, entities=other)
    unregistered.clear()
    assert _deid(transcripts, ContentCache(folder), entities=other) == expected and unregistered == []
    first = _deid(transcripts)
    unregistered.clear()
    assert _deid(transcripts, ContentCache(folder)) == first and unregistered == []


def test_an_allow_entry_re_detects_only_the_transcripts_that_have_its_first_word(tmp_path, monkeypatch):
    from coprod.cache import ContentCache
    from coprod.privacy.deidentify import published_form

    transcripts = _parsed(FILES)
    cache = ContentCache(tmp_path / "cache")
    _deid(transcripts, cache)
    calls = _counting_detector(monkeypatch)
    # a phrase no transcript has: every detection is reused, the output is a fresh run's
    fresh = _deid(transcripts, allow=("Quarterly Benchmark Review Board",))
    calls.clear()
    assert _deid(transcripts, cache, ("Quarterly Benchmark Review Board",)) == fresh and calls == []
    # a phrase one transcript has: that one (and any other with its first word) is read again,
    # and what is found differs from no allow-list at all
    log = _deid(transcripts)[1]
    form = next(r.original for r in log if r.field == "text" and r.type == "PERSON" and " " not in r.original)
    fresh = _deid(transcripts, allow=(form,))
    assert fresh != _deid(transcripts)
    having = [t for t in map(published_form, transcripts) if any(form in u.text for u in t.turns)]
    calls.clear()
    assert _deid(transcripts, cache, (form,)) == fresh
    assert 1 <= len(having) <= len(calls) < len(transcripts), (len(having), len(calls))


def _texts_to_probe():
    """Texts of every kind the fixtures hold: the test corpus, the bundled example, the leaky
    study and every adversarial case (hostile Unicode, long tokens, possessives, hyphens)."""
    import yaml
    from conftest import ROOT

    from coprod.ingest import read_transcript
    from coprod.privacy.deidentify import published_form

    out = []
    for folder in (CORPUS, ROOT / "data" / "raw" / "example", ROOT / "tests" / "fixtures" / "leaky" / "raw"):
        for k, path in enumerate(sorted(folder.iterdir())):
            if path.suffix in {".txt", ".docx", ".vtt", ".srt"} and path.name != "README.md":
                t = published_form(read_transcript(path, ("Interviewer",), f"t{k:03d}"))
                out.append([u.text for u in t.turns] + [u.speaker for u in t.turns])
    cases = yaml.safe_load((ROOT / "tests" / "fixtures" / "adversarial" / "cases.yaml").read_text("utf-8"))
    for case in cases:
        texts = [t["text"] for t in case.get("transcripts", []) if isinstance(t.get("text"), str)]
        out += [[x] for x in texts]
    # a very long capitalised token (cut at the rules' window) and stacked possessives
    out.append(["We met " + "Q" + "x" * 300 + " and Bob's's friend at the O'Brien-Smyth place."])
    return out


def test_the_detection_key_covers_every_corpus_word_the_name_rules_test(monkeypatch):
    """The cache key holds the corpus words a transcript's detection can depend on; this checks
    that claim against the rules themselves: every word the name rules look up while reading a
    text is among the forms `CommonWords` derives from it."""
    from coprod.privacy import names
    from coprod.privacy.analyzer import Analyzer
    from coprod.privacy.detection_cache import CommonWords

    asked = []
    original = names.NameFinder.is_common

    def recording(self, word):
        asked.append(names._base(word).lower())
        return original(self, word)

    monkeypatch.setattr(names.NameFinder, "is_common", recording)
    words = CommonWords(set())
    analyzer = Analyzer([], common_words={"wee", "forum"})
    probed = 0
    for texts in _texts_to_probe():
        analyzer.names._kind.clear()  # per-word memo: every lookup happens for every text
        asked.clear()
        analyzer.find_many(texts)
        missing = set(asked) - words.candidates(texts)
        assert not missing, sorted(missing)[:5]
        probed += len(asked)
    assert probed > 1000


def test_the_detection_key_covers_every_allow_phrase_that_changes_detection():
    """Allowing a phrase re-detects only the transcripts its words occur in: the key holds the
    part of the allow-list a transcript's text can meet (`allow_within`). Checked against the
    analyzer itself: phrases it found (and their first words, possessives, capitals and "the"
    forms) are allowed all at once, and every text is read the same with the whole list as with
    the part of it the key holds."""
    from coprod.privacy.analyzer import Analyzer, Settings
    from coprod.privacy.detection_cache import allow_within

    probes = _texts_to_probe()
    # one analyzer per distinct part of the list: every third transcript, the single texts
    # (adversarial cases) in four groups
    singles = [texts[0] for texts in probes if len(texts) == 1]
    probes = [texts for texts in probes if len(texts) > 1][::3] + [singles[k::4] for k in range(4)]
    plain = Analyzer([])
    found = [plain.find_many(texts) for texts in probes]
    phrases = set()
    for texts, spans in zip(probes, found, strict=True):
        for text, hits in zip(texts, spans, strict=True):
            for s in hits[:2]:
                surface = text[s.start : s.end]
                phrases |= {surface, surface.split()[0], f"the {surface}", f"{surface}'s", surface.upper()}
    phrases = tuple(sorted(phrases))
    analyzers = {(): plain, phrases: Analyzer([], Settings(allow=phrases))}
    changed = narrowed = 0
    for texts, before in zip(probes, found, strict=True):
        part = tuple(allow_within(phrases, texts))
        assert set(part) <= set(phrases)
        narrowed += len(part) < len(phrases) // 2
        if part not in analyzers:
            analyzers[part] = Analyzer([], Settings(allow=part))
        whole = analyzers[phrases].find_many(texts)
        assert analyzers[part].find_many(texts) == whole, texts[0][:40]
        changed += whole != before
    # the list matters (it releases spans) and most texts meet only a small part of it
    most = len(probes) * 3 // 4
    assert changed >= most and narrowed >= most, (changed, narrowed, len(probes))


def test_common_words_skip_only_texts_no_address_can_be_in():
    """`common_words` scans a turn for e-mail addresses and URLs only when it has their cues;
    the words must be those of scanning every turn (odd cases and look-alike letters too)."""
    from dataclasses import replace

    from coprod.privacy.corpus_rules import EMAIL_RE, URL_RE, WORD_RE, common_words
    from coprod.privacy.deidentify import published_form

    transcripts = [published_form(t) for t in _parsed(FILES)]
    odd = [
        "see WWW.Brindlecombe.ORG/news and fenwold.Co.UK for the minutes",
        "the hub at quarrymede.ſcot, or mail jo.pike@upton-marsh.net today",
        "HTTPS://tolvern.example/path then tea",
        "nothing to strip here, only words",
    ]
    turns = list(transcripts[0].turns)
    turns += [replace(turns[-1], order=turns[-1].order + k + 1, text=text) for k, text in enumerate(odd)]
    transcripts[0] = replace(transcripts[0], turns=turns)
    expected: set[str] = set()
    for t in transcripts:
        for turn in t.turns:
            expected.update(WORD_RE.findall(URL_RE.sub(" ", EMAIL_RE.sub(" ", turn.text))))
    words = common_words(transcripts)
    assert words == expected
    assert "quarrymede" not in words and "brindlecombe" not in words and "minutes" in words


def test_find_many_pauses_the_collector_and_restores_it(monkeypatch):
    """Detection runs with the cyclic garbage collector paused (it allocates many small objects
    and no cycles) and leaves it as it found it: on, off, or on again after an error; the spans
    are the same either way."""
    import gc

    from coprod.privacy.analyzer import Analyzer

    analyzer = Analyzer([])
    texts = ["Interviewer", "I met Morven Tulloch at Kelburn Hospital on 3 March 2021.", "Interviewer"]
    seen = []
    original = Analyzer._finish

    def recording(self, spans, text):
        seen.append(gc.isenabled())
        return original(self, spans, text)

    monkeypatch.setattr(Analyzer, "_finish", recording)
    was = gc.isenabled()
    try:
        gc.enable()
        on = analyzer.find_many(texts)
        assert gc.isenabled() and seen == [False]
        gc.disable()
        off = analyzer.find_many(texts)
        assert not gc.isenabled() and seen == [False, False]
        assert on == off and on[0] == on[2] and on[1]
        gc.enable()

        def failing(self, spans, text):
            raise RuntimeError("a recognizer failed")

        monkeypatch.setattr(Analyzer, "_finish", failing)
        with pytest.raises(RuntimeError):
            analyzer.find_many(texts)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_detection_in_forked_workers_gives_exactly_what_one_process_gives(tmp_path, monkeypatch):
    """The corpus step's `workers` (the job's threads): the transcripts the cache cannot serve are
    detected in forked processes, and the log, the published documents and every cache entry
    are those of one process, cold, warm and without a cache."""
    import hashlib
    import sys

    import pytest

    from coprod.cache import ContentCache
    from coprod.privacy import deidentify as deid
    from coprod.privacy.analyzer import Settings

    if not sys.platform.startswith("linux"):
        pytest.skip("forked workers are used on Linux only")
    monkeypatch.setattr(deid, "PARALLEL_MIN", 2)
    transcripts, entities = _parsed(FILES), load_register(REGISTER)

    def run(cache, workers):
        return deid.deidentify_transcripts(
            transcripts, entities, PseudonymKey(), Settings(), cache=cache, workers=workers
        )

    def entries(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    one = ContentCache(tmp_path / "one")
    expected = [run(one, 1), run(one, 1), run(None, 1)]
    calls = _counting_detector(monkeypatch)  # counts this process's reads only
    two = ContentCache(tmp_path / "two")
    cold = run(two, 2)
    assert calls == []  # every transcript was read in a worker
    assert [cold, run(two, 2), run(None, 2)] == expected
    assert len(cold[1]) > 20 and entries(tmp_path / "two") == entries(tmp_path / "one")
