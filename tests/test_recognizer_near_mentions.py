"""Another spelling of a name found confidently in the same transcript is the same name
(invented text)."""

from coprod.ingest import Transcript, Turn
from coprod.privacy.analyzer import Settings
from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts
from coprod.privacy.detectors import Span
from coprod.privacy.recognizers.near_mentions import NearMentionRule, one_edit, phonetic_key
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _rule():
    return NearMentionRule(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))


def _apply(texts, found):
    out = _rule().apply(texts, found)
    return [[(texts[k][s.start : s.end], s.type, s.canonical) for s in spans] for k, spans in enumerate(out)]


def _span(text, surface, etype="PLACE", confidence=0.9):
    a = text.index(surface)
    return Span(a, a + len(surface), etype, surface, "test", confidence)


def test_keys_and_edits():
    assert one_edit("brandle", "brindle") and one_edit("brandle", "brandles") and one_edit("abcde", "abdce")
    assert not one_edit("brandle", "brendla") and not one_edit("same", "same")
    assert phonetic_key("shorrock") == phonetic_key("chorok")
    assert phonetic_key("cellardyke")[0] == "s"
    assert phonetic_key("ünïcode") == ""


def test_a_street_spelt_another_way_with_the_same_head():
    texts = ["my daughter lived at twelve quennell road", "and i walked down quenell road to her"]
    found = [[_span(texts[0], "twelve quennell road", "ADDRESS")], []]
    assert _apply(texts, found)[1] == [("quenell road", "PLACE", "quennell road")]


def test_the_head_makes_an_ordinary_spelling_count():
    # "bramble" is a word; before the same head as "brambel road" it is the street
    texts = ["we lived in brambel road then", "down bramble road and home"]
    found = [[_span(texts[0], "brambel road")], []]
    assert _apply(texts, found)[1] == [("bramble road", "PLACE", "brambel road")]


def test_a_single_name_word_one_edit_away_or_clipped():
    texts = ["we sailed into alexandrina harbour that spring", "then to alexandrine and back to alex again"]
    found = [[_span(texts[0], "alexandrina")], []]
    assert _apply(texts, found)[1] == [
        ("alexandrine", "PLACE", "alexandrina"),
        ("alex", "PLACE", "alexandrina"),
    ]


def test_ordinary_words_countries_and_weak_findings_are_left():
    # "sterling" is one edit from the town found, but an ordinary word
    texts = ["we took the train to stirling and then", "it was a sterling effort"]
    assert _apply(texts, [[_span(texts[0], "stirling")], []])[1] == []
    texts = ["he came from bhutanx with us", "bhutan is a country"]
    assert _apply(texts, [[_span(texts[0], "bhutanx")], []])[1] == []
    texts = ["we sailed into alexandrina harbour", "then to alexandrine"]
    assert _apply(texts, [[_span(texts[0], "alexandrina", confidence=0.6)], []])[1] == []


def test_short_words_need_an_exact_match():
    texts = ["the town of rosk was small", "rusk and rask"]
    assert _apply(texts, [[_span(texts[0], "rosk")], []])[1] == []


def test_in_deidentify_both_spellings_get_one_pseudonym():
    lines = ["i lived at number twelve quennell road for years.", "later i walked down quenell road again."]
    turns = [Turn(speaker="Participant", role="participant", text=x, order=k) for k, x in enumerate(lines)]
    t = Transcript(id="t001", source="", format="txt", encoding="utf-8", turns=turns)
    docs, log = deidentify_transcripts([t], [], PseudonymKey(), Settings())
    out = [u["text"] for u in docs[0]["turns"]]
    assert "quennell" not in out[0] and "quenell" not in out[1]


def test_an_allowed_phrase_is_left():
    lines = ["i lived at number twelve quennell road for years.", "later i walked down quenell road again."]
    turns = [Turn(speaker="Participant", role="participant", text=x, order=k) for k, x in enumerate(lines)]
    t = Transcript(id="t001", source="", format="txt", encoding="utf-8", turns=turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings(allow=("quenell road",)))
    assert "quenell road" in docs[0]["turns"][1]["text"]


def test_a_common_word_the_dictionary_lacks_is_no_seed_or_spelling():
    # "podcasts" is a word even if the dictionary list lacks it: no other spelling of a name
    texts = ["she runs the zentrix podcasts network", "a podcast about it"]
    found = [[_span(texts[0], "zentrix podcasts", "ORG")], []]
    assert _apply(texts, found)[1] == []


def test_the_singular_of_a_name_word_is_the_word():
    texts = ["she volunteers with brackwater carers group", "as a carer it was hard"]
    found = [[_span(texts[0], "brackwater carers", "ORG")], []]
    assert _apply(texts, found)[1] == []


def test_a_rarer_word_the_dictionary_lacks_is_no_misspelt_surname():
    # "carer" (wordfreq Zipf 2.86: a word, below the old 3.5 line) is one edit from the surname
    # "Carver": a word as typed, not the name mistyped, as the register's near-spelling rule says
    texts = ["I spoke to Nell Carver last week", "as a carer it was hard", "the carer reps came"]
    found = [[_span(texts[0], "Nell Carver", "PERSON")], [], []]
    out = _apply(texts, found)
    assert out[1] == [] and out[2] == []
    # a real misspelling of the surname is still the person
    texts = ["I spoke to Nell Carver last week", "then Carvar rang back"]
    found = [[_span(texts[0], "Nell Carver", "PERSON")], []]
    assert [t for t, *_ in _apply(texts, found)[1]] == ["Carvar"]
