"""A grown or shrunk register re-detects only the transcripts its changed entries can reach
(`coprod.privacy.detection_cache.RegisterChange`), and the result is a fresh run's."""

from __future__ import annotations

import json
import re

from test_deidentify import FILES, REGISTER, _body, _counting_detector, _deid, _entries, _parsed

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.deidentify import published_form, speaker_entities
from coprod.privacy.detection_cache import Reading, RegisterChange, load_register, register_key
from coprod.privacy.recognizers.register import RegisterRecognizer, entity_forms
from coprod.privacy.register import Entity
from coprod.privacy.register import load_register as read_register


def _texts(t):
    return [u.text for u in t.turns] + [u.speaker for u in t.turns]


def _published():
    return [published_form(t) for t in _parsed(FILES)]


def _analyzed(entities, transcripts):
    return entities + speaker_entities(transcripts, entities, ())


def test_entity_forms_are_exactly_the_register_recognizers_forms():
    transcripts = _published()
    entities = _analyzed(read_register(REGISTER), transcripts)
    assert any(e.type == "ORG" for e in entities)
    table = RegisterRecognizer(entities, Settings()).forms
    mine = set().union(*(entity_forms(e, Settings().reference_dir) for e in entities))
    assert mine == set(table)


def _changes(transcripts, base):
    """Register changes of every kind that reaches text: a surname the texts write, a name one
    letter off a word they write, a name inside a handle, a name spelt out letter by letter, a
    first name shared with a registered person, an organisation's distinctive word; and one
    nobody writes, and an entry removed."""
    words = sorted(
        {w for t in transcripts for u in t.turns for w in re.findall(r"\b[A-Z][a-z]{5,}\b", u.text)}
    )
    listed = {w.casefold() for e in base for f in (e.name, *e.aliases) for w in f.split()}
    word = next(w for w in words if w.casefold() not in listed)
    near = word[:-1] + ("x" if word[-1] != "x" else "y")
    first = next(e for e in base if e.type == "PERSON").name.split()[0]
    return {
        "surname": base + [Entity("PERSON", f"Quilla {word}")],
        "near": base + [Entity("PERSON", f"Quilla {near}")],
        "shared first name": base + [Entity("PERSON", f"{first} Brackenfeld-Imrie")],
        "organisation": base + [Entity("ORG", f"{word} Research Institute")],
        "nobody": base + [Entity("PERSON", "Orsolya Brackenfeld-Imrie")],
        "removed": [e for e in base if e.type == "PERSON"][1:] + [e for e in base if e.type != "PERSON"],
    }


def _register_and_joined(analyzer, text):
    from coprod.privacy.normalise import view

    seen = view(text)
    return analyzer.register.find(seen), analyzer.joined.find(seen)


def test_a_register_change_that_cannot_reach_a_text_finds_there_what_the_old_register_found():
    transcripts = _published()
    base = read_register(REGISTER)
    old = _analyzed(base, transcripts)
    before = Analyzer(old, Settings())
    # texts of every kind the recognizers read: turns, labels, a handle, a spelt-out name
    extra = ["mail qwordx01 or mbrackenfeld@x", "it is B R A C K E N F E L D", "see #TeamQuilla"]
    reached = 0
    for name, entities in _changes(transcripts, base).items():
        new = _analyzed(entities, transcripts)
        change = RegisterChange(old, new, Settings())
        assert change.size >= 1, name
        after = Analyzer(new, Settings())
        for t in [*transcripts, None]:
            texts = extra if t is None else _texts(t)
            untouched = not change.touches(Reading(texts))
            reached += not untouched
            for text in texts if untouched else ():
                assert _register_and_joined(before, text) == _register_and_joined(after, text), (name, t)
    assert reached  # some change reaches some text (the test is not vacuous)
    # what reaches: a form, a word near one, a name in a handle or spelt out letter by letter
    quilla = RegisterChange([], [Entity("PERSON", "Quilla Brackenfeld")], Settings())
    for text, hit in [
        ("we met Quilla", True),
        ("we met Qilla today", True),  # one letter off
        ("mail qbrackenfeld01", True),  # inside a handle
        ("it is B R A C K E N F E L D", True),  # spelt out
        ("we met nobody", False),
    ]:
        assert quilla.touches(Reading([text])) is hit, text


def test_adding_a_transcript_and_its_register_entry_detects_only_what_they_reach(tmp_path, monkeypatch):
    from coprod.cache import ContentCache

    transcripts = _parsed(FILES)
    base = read_register(REGISTER)
    cache = ContentCache(tmp_path / "cache")
    _deid(transcripts[:-1], cache, entities=base)
    # the added transcript's participant joins the register with a name no other transcript has
    grown = base + [Entity("PERSON", "Orsolya Brackenfeld-Imrie")]
    calls = _counting_detector(monkeypatch)
    fresh = _deid(transcripts, entities=grown)
    calls.clear()
    assert _deid(transcripts, cache, entities=grown) == fresh
    # the new transcript, and those whose lower-case words it changes (the corpus's common
    # words), at most; the register and joined names are not run again over the others
    from coprod.privacy.deidentify import common_words
    from coprod.privacy.detection_cache import CommonWords

    published = [published_form(t) for t in transcripts]
    before, after = CommonWords(common_words(published[:-1])), CommonWords(common_words(published))
    touched = [t for t in published[:-1] if before.within(_texts(t)) != after.within(_texts(t))]
    assert len(calls) == 1 + len(touched) < len(transcripts)
    calls.clear()
    assert _deid(transcripts, cache, entities=grown) == fresh and calls == []  # now found directly


def test_a_corrupted_or_foreign_register_entry_or_last_detection_is_ignored(tmp_path, monkeypatch):
    from coprod.cache import ContentCache

    transcripts = _parsed(FILES)
    base = read_register(REGISTER)
    grown = base + [Entity("PERSON", "Orsolya Brackenfeld-Imrie")]
    fresh = _deid(transcripts, entities=grown)
    folder = tmp_path / "cache"
    _deid(transcripts, ContentCache(folder), entities=base)
    (register,) = _entries(folder, "entities")
    # a register entry that checks out but is not the register it is filed under
    doc = _body(register)
    doc["entities"] = doc["entities"][1:]
    ContentCache(folder).put(register.name[: -len(".json")], doc)
    calls = _counting_detector(monkeypatch)
    assert _deid(transcripts, ContentCache(folder), entities=grown) == fresh
    assert len(calls) == len(transcripts)  # nothing known about the old register: all again
    # last detections cut short, belonging to another transcript, or not fitting their texts
    folder2 = tmp_path / "cache2"
    _deid(transcripts, ContentCache(folder2), entities=base)
    latest = _entries(folder2, "latest")
    assert len(latest) == len(transcripts) >= 3
    for k, path in enumerate(latest):
        if k % 3 == 0:
            path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
        elif k % 3 == 1:
            path.write_text(latest[k - 1].read_text(encoding="utf-8"), encoding="utf-8")
        else:
            doc = _body(path)
            doc["text"][0] = [[0, 10**6, "PERSON", "x", "register", 1.0]]
            ContentCache(folder2).put(path.name[: -len(".json")], doc)
    calls.clear()
    assert _deid(transcripts, ContentCache(folder2), entities=grown) == fresh
    assert len(calls) == len(transcripts)  # none of them used
    calls.clear()
    assert _deid(transcripts, ContentCache(folder2), entities=grown) == fresh and calls == []


def test_a_register_entry_is_read_only_when_it_is_the_register_it_names():
    entities = [Entity("PERSON", "Quilla Brackenfeld", ("Q. Brackenfeld",)), Entity("ORG", "Anytown Trust")]
    from coprod.privacy.detection_cache import analyzer_key, dump_register

    key = analyzer_key(entities, Settings())
    stored = json.loads(json.dumps(dump_register(entities)))
    assert load_register(stored, Settings(), key) == entities
    assert register_key(key) != key
    assert load_register(stored, Settings(), analyzer_key(entities[:1], Settings())) is None
    for bad in ({}, {"entities": "x"}, {"entities": [{"type": "PERSON"}]}, {"entities": [[1]]}):
        assert load_register(bad, Settings(), key) is None


def test_a_last_detection_reused_under_a_grown_register_is_written_again_only_after_many_changes(
    tmp_path, monkeypatch
):
    """Reusing a transcript's last detection under a grown register writes nothing for it (two
    writes per transcript made most of an add-one's corpus step): it is found through the change
    from the register it names, until that change counts more than REWRITE_AFTER entries; then
    it is filed under the current register. Every run's output is a fresh run's."""
    from coprod.cache import ContentCache
    from coprod.privacy.detection_cache import REWRITE_AFTER

    transcripts = _parsed(FILES)
    base = read_register(REGISTER)
    folder = tmp_path / "cache"
    _deid(transcripts, ContentCache(folder), entities=base)
    first = {p.name: _body(p)["base"] for p in _entries(folder, "latest")}
    assert len(first) == len(transcripts)
    calls = _counting_detector(monkeypatch)
    grown = list(base)
    for k in range(REWRITE_AFTER + 1):
        # a person nobody in these transcripts writes (nor anything one letter off)
        grown = [*grown, Entity("PERSON", f"Orsolya Brackenfeld{'x' * (k + 1)}-Imrie")]
        calls.clear()
        cached = _deid(transcripts, ContentCache(folder), entities=grown)
        assert calls == []  # nothing detected again
        assert cached == _deid(transcripts, entities=grown)
        now = {p.name: _body(p)["base"] for p in _entries(folder, "latest")}
        if k + 1 <= REWRITE_AFTER:
            assert now == first, k  # not one of them written again
        else:
            assert now.keys() == first.keys() and not set(now.values()) & set(first.values())
