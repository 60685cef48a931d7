"""A first run on a new study (only the research team registered, nothing allowed) must fail the
audit on real identifiers only, never on the de-identifier's own artefacts. All text invented."""

from __future__ import annotations

from coprod.privacy.audit import Index, audit_files, identifier_values
from coprod.privacy.deidentify import Replacement, write_review
from coprod.privacy.key import PseudonymKey


def _run(tmp_path, rows, outputs):
    key = PseudonymKey()
    for r in rows:
        key.pseudonym(r.type, r.original)
    key_path, review = tmp_path / "key.json", tmp_path / "review.tsv"
    key.save(key_path)
    write_review(review, rows)
    out = tmp_path / "deidentified"
    out.mkdir()
    for tid, text in outputs.items():
        (out / f"{tid}.txt").write_text(text, encoding="utf-8")
    hits, _ = audit_files(sorted(out.iterdir()), tmp_path, Index(identifier_values(key_path, None, review)))
    return sorted((h.file.rsplit("/", 1)[-1], h.value.original) for h in hits)


def _person(tid, original, detector="context:full-name", confidence=0.9):
    n = len(original)
    return Replacement(tid, 0, "text", 0, n, "PERSON", detector, confidence, original, "Person 1", "")


def test_a_word_of_a_detected_name_is_audited_as_the_de_identifier_replaces_it(tmp_path):
    """A two-word name found by its context ("Dorla Marsh", "Velby QX") made each of its words an
    audit value everywhere, while the de-identifier replaces a word of it that is an ordinary word
    only capitalised in that transcript, and a word under three letters nowhere on its own: a
    first run failed on "Marsh" in another transcript's "Salt Marsh" and on "QX" in "QX-nine".
    A word of the name that is no ordinary word ("Dorla", "Velby") is still audited everywhere."""
    rows = [_person("t1", "Dorla Marsh"), _person("t1", "Velby QX")]
    outputs = {
        "t1": "Respondent: I met [Person 1] there. Marsh was late.\n",
        "t2": "Respondent: We walked by Salt Marsh to QX-nine; Dorla came, and Velby.\n",
    }
    assert _run(tmp_path, rows, outputs) == [
        ("t1.txt", "Marsh"),  # where the name was said, its ordinary word is still checked
        ("t2.txt", "Dorla"),
        ("t2.txt", "Velby"),
    ]


def test_a_register_name_is_still_audited_word_by_word_everywhere(tmp_path):
    """The team's register is not a guess: every word of a registered name stays a value."""
    reg = tmp_path / "register.yaml"
    reg.write_text('people:\n  - {name: "Dorla Marsh", aliases: []}\n', encoding="utf-8")
    key_path, review = tmp_path / "key.json", tmp_path / "review.tsv"
    PseudonymKey().save(key_path)
    write_review(review, [])
    words = {(v.original, v.scope) for v in identifier_values(key_path, reg, review)}
    assert {("Dorla Marsh", ""), ("Dorla", ""), ("Marsh", "")} <= words


def test_a_word_the_de_identifier_found_by_mistake_is_advised_to_be_allowed_too():
    """A word a detector replaced elsewhere and the audit then found everywhere is as likely the
    de-identifier's own false positive (a slang word read as a place) as a missed name: the fix
    and the console give both remedies, register or allow, never "register" alone, which would
    replace an ordinary word in every transcript. A register name keeps its one remedy."""
    from coprod.privacy.audit import Hit, Remedies, Value
    from coprod.privacy.audit.scan import summary

    r = Remedies.load()
    found = Hit("t2.txt", "line 3", Value("Zarvik", "[Place 1]", "review"))
    fix = r.fix(found)
    assert "replace it everywhere (coprod review-deid --replace" in fix and "--keep" in fix
    assert "false positive" in fix
    line = summary([found], None, remedies=r)
    assert "name 1 -> replace it" in line and "--keep" in line and "Zarvik" not in line
    listed = r.fix(Hit("t2.txt", "line 3", Value("Zarvik", "register PLACE", "register")))
    assert "alias of its register entry" in listed and "--keep" not in listed


def test_a_word_the_corpus_writes_in_lower_case_is_audited_capitalised_only(tmp_path):
    """A detector read a capitalised word ("Zarvik" at a sentence start) as a place; the
    de-identifier replaced it there but, as the corpus writes the word in lower case elsewhere
    (evidence that it is ordinary: docs/deidentification.md), not in lower case. The audit
    checked it in any case and failed a first run on every lower-case use. A word the published,
    cased transcripts write in lower case in at least three places is audited capitalised only;
    one lower-case slip of a name is still a hit, and so is the capitalised word."""

    rows = [
        Replacement("t1", 0, "text", 0, 6, "PLACE", "world-place", 0.85, "Zarvik", "Place 1", ""),
        Replacement("t1", 0, "text", 0, 6, "PERSON", "names", 0.9, "Quennel", "Person 1", ""),
    ]
    key = PseudonymKey()
    for r in rows:
        key.pseudonym(r.type, r.original)
    key.save(tmp_path / "key.json")
    write_review(tmp_path / "review.tsv", rows)
    results = tmp_path / "results"
    (results / "deidentified").mkdir(parents=True)
    cased = "Respondent: [Place 1] we went home. Then zarvik it rained, and zarvik it was late.\n"
    (results / "deidentified" / "t1.txt").write_text(cased, encoding="utf-8")
    other = "Respondent: So zarvik we stayed, and quennel said so.\nRespondent: Zarvik was here.\n"
    (results / "deidentified" / "t2.txt").write_text(other, encoding="utf-8")
    assert _failing_audit_hits(tmp_path, results) == [
        ("t2.txt", "line 1", "Quennel"),  # one lower-case slip of a name
        ("t2.txt", "line 2", "Zarvik"),  # the capitalised word, still checked
    ]


def test_lower_case_speech_recognition_output_is_no_evidence_of_an_ordinary_word():
    """All lower-case output writes names in lower case too: its words decide nothing."""
    from coprod.privacy.audit.scan import _cased

    assert not _cased("Participant: so zarvik and then we went to the shop and it was late\n" * 5)
    assert not _cased("Participant: so [Person 1] went to the shop and it was very late\n" * 5)
    assert _cased("Respondent: So we went to Aldham and it was late.\n" * 5)


def test_an_ordinary_word_propagated_from_a_full_name_is_audited_in_its_own_transcript(tmp_path):
    """The de-identifier carries an ordinary word of a full name ("Marsh" of "Dorla Marsh") to
    the other capitalised mentions of its own transcript only ("propagated" rows at 0.8); the
    audit checked those rows everywhere and failed a first run on "Marsh" in other transcripts."""
    rows = [
        _person("t1", "Dorla Marsh"),
        _person("t1", "Marsh", detector="propagated", confidence=0.8),
    ]
    outputs = {
        "t1": "Respondent: [Person 1] came. Then Marsh left.\n",
        "t2": "Respondent: The Marsh Lane bus was late.\n",
    }
    assert _run(tmp_path, rows, outputs) == [("t1.txt", "Marsh")]


def test_a_word_of_a_guessed_name_the_corpus_writes_in_lower_case_is_audited_capitalised(tmp_path):
    """A name found on weak evidence ("Kelvo Dask" read as a person by the word after it, at
    0.8) has its words carried only where the corpus does not write them in lower case: the
    de-identifier reads one lower-case use in a cased transcript ("dask with rice") as an
    ordinary word for a guessed name. The audit wanted three lower-case uses and failed a first
    run on the one. A confident name (0.9) keeps the stricter line: its one lower-case use is
    still a hit, and so is the guessed name's word written capitalised."""

    rows = [
        _person("t1", "Kelvo Dask", detector="context:surname-after", confidence=0.8),
        _person("t1", "Morven Tulloch", detector="context:full-name", confidence=0.9),
    ]
    key = PseudonymKey()
    for r in rows:
        key.pseudonym(r.type, r.original)
    key.save(tmp_path / "key.json")
    write_review(tmp_path / "review.tsv", rows)
    results = tmp_path / "results"
    (results / "deidentified").mkdir(parents=True)
    (results / "deidentified" / "t1.txt").write_text(
        "Respondent: Then [Person 1] came, and [Person 2] left.\n", encoding="utf-8"
    )
    other = (
        "Respondent: At Easter we ate dask with rice, and tulloch said so.\n"
        "Respondent: Dask was there too, on Monday.\n"
    )
    (results / "deidentified" / "t2.txt").write_text(other, encoding="utf-8")
    assert _failing_audit_hits(tmp_path, results) == [
        ("t2.txt", "line 1", "Tulloch"),  # a confident name's one lower-case use
        ("t2.txt", "line 2", "Dask"),  # the guessed name's word, capitalised
    ]


def _failing_audit_hits(tmp_path, results) -> list[tuple[str, str, str]]:
    """Audit `results` against the key and review log in tmp_path, which must fail; its hits as
    (file name, where, original), sorted."""
    import csv

    import pytest

    from coprod.errors import LeakError
    from coprod.privacy.audit import audit_tree

    with pytest.raises(LeakError):
        audit_tree(
            results,
            tmp_path / "key.json",
            None,
            tmp_path / "review.tsv",
            tmp_path / "audit.tsv",
            hits_path=tmp_path / "hits.tsv",
        )
    with open(tmp_path / "hits.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return sorted((r["file"].rsplit("/", 1)[-1], r["where"], r["original"]) for r in rows)


def test_a_registered_ordinary_word_followed_by_a_number_is_no_hit(tmp_path):
    """ "Ward 7" on a ward is no leak of the team member surnamed Ward (the de-identifier keeps it
    as written); "Ward" alone, capitalised, still is."""
    reg = tmp_path / "register.yaml"
    reg.write_text('people:\n  - {name: "Morwenna Ward", aliases: []}\n', encoding="utf-8")
    key_path, review = tmp_path / "key.json", tmp_path / "review.tsv"
    PseudonymKey().save(key_path)
    write_review(review, [])
    out = tmp_path / "deidentified"
    out.mkdir()
    (out / "t1.txt").write_text("Client: Ward 7 first, then Ward 12b.\n", encoding="utf-8")
    (out / "t2.txt").write_text("Client: Ward said so.\n", encoding="utf-8")
    hits, _ = audit_files(sorted(out.iterdir()), tmp_path, Index(identifier_values(key_path, reg, review)))
    assert sorted((h.file.rsplit("/", 1)[-1], h.value.original) for h in hits) == [("t2.txt", "Ward")]
