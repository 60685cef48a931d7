"""Transcripts with no case information (speech recognition output): names from other evidence
than capitals, and only in such transcripts."""

from coprod.ingest import Transcript, Turn
from coprod.privacy.analyzer import Settings
from coprod.privacy.corpus_rules import common_words
from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts
from coprod.privacy.recognizers import REGISTRY, CaselessRecognizer
from coprod.privacy.recognizers.caseless import CASELESS_MIN_WORDS, caseless
from coprod.privacy.reference import ordinary_words

# ordinary words only, all lower case, long enough for the transcript to count as caseless
FILLER = "and then we went along the lane and had our tea with the others in the evening " * 20


def _found(sentence, filler=FILLER):
    rec = CaselessRecognizer(Settings(), ordinary_words(("en",)))
    text = f"{filler}\n{sentence}\n{filler}"
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered_in_the_registry():
    assert CaselessRecognizer in REGISTRY


def test_caseless_needs_enough_words_and_almost_no_capitals():
    assert len(FILLER.split()) >= CASELESS_MIN_WORDS
    assert caseless(FILLER)
    assert not caseless("we went to truro and then home")  # too short to say
    cased = FILLER.replace("the others", "the Pengellys", 10)
    assert not caseless(cased)
    # capitals after a sentence end, at a line start, and "I" are no evidence of case
    assert caseless(FILLER.replace("evening ", "evening. The ", 10).replace(" we ", " I ", 10))


def test_a_listed_place_after_a_spatial_cue():
    assert _found("we were posted to penzance for a year") == [("penzance", "PLACE")]
    assert _found("she came from truro on the bus") == [("truro", "PLACE")]


def test_no_place_without_evidence_that_it_is_one():
    assert _found("we moved to aarberg after that") == []  # a world place under 5,000 people
    assert _found("we went to reading after that") == []  # an ordinary word
    assert _found("penzance was lovely") == []  # no cue: the lower-case world-place rule decides


def test_an_unknown_word_before_a_place_head_or_after_a_place_prefix():
    assert _found("we lived on tregenna road for years") == [("tregenna road", "PLACE")]
    assert _found("then out to the isle of skerrabost by boat") == [("isle of skerrabost", "PLACE")]
    assert _found("we stayed at the tregenna hotel") == [("tregenna hotel", "ORG")]
    assert _found("we walked up the main road to the station") == []


def test_a_house_number_in_words_goes_with_the_street():
    assert _found("we lived at forty two tregenna road then") == [("forty two tregenna road", "ADDRESS")]
    assert _found("there were forty two tregenna road houses") == [("tregenna road", "PLACE")]


def test_a_first_name_with_a_person_cue():
    assert _found("i said to morwenna we should go") == [("morwenna", "PERSON")]
    assert _found("i had a colleague morwenna there") == [("morwenna", "PERSON")]
    assert _found("and morwenna was there too") == [("morwenna", "PERSON")]
    assert _found("well i was morwenna then") == [("morwenna", "PERSON")]
    # a common first name is the person, not the town of that name
    assert _found("and florence was there too") == [("florence", "PERSON")]


def test_no_person_without_a_cue_or_after_a_determiner():
    assert _found("we saw morwenna there") == []
    assert _found("the morwenna was a boat") == []
    assert _found("the suburbs of florence and i") == []  # a town after "of"


def test_silent_when_the_transcript_has_case_information():
    cased = FILLER.replace("the others", "the Pengellys", 10)
    assert _found("we were posted to penzance and i said to morwenna", filler=cased) == []


def test_caseless_transcript_words_are_no_evidence_of_ordinary_words():
    asr = Transcript("t1", "", "txt", "utf-8", [Turn("Speaker", "participant", FILLER + "morwenna", 0)])
    cased = Transcript("t2", "", "txt", "utf-8", [Turn("Speaker", "participant", "we had tea", 0)])
    words = common_words([asr, cased])
    assert "tea" in words and "morwenna" not in words and "lane" not in words


def test_a_cued_mention_travels_to_the_other_mentions_of_its_transcript():
    text = f"{FILLER} and i said to morwenna we should go {FILLER} and we saw morwenna there"
    t = Transcript("t1", "", "txt", "utf-8", [Turn("Speaker", "participant", text, 0)])
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings())
    out = docs[0]["turns"][0]["text"]
    assert "morwenna" not in out and out.count("[Person 1]") == 2


def test_one_ordinary_noun_between_an_unknown_word_and_its_head():
    assert _found("we were sent to the trevalgan signal station by then") == [
        ("trevalgan signal station", "PLACE")
    ]
    assert _found("we trained at trevalgan holiday camp that winter") == [("trevalgan holiday camp", "ORG")]
    # an ordinary word first is no name; two nouns between are not taken
    assert _found("we went to the old signal station by then") == []
    assert _found("we trained at trevalgan old holiday camp") == []


def test_a_listed_town_before_in_and_a_country_is_the_town():
    # (the country itself is left to the analyzer, which drops countries)
    assert ("penzance", "PLACE") in _found("penzance in england was where we landed")
    # an ordinary word, or a town before "in" and no country or region, is not taken this way
    assert ("reading", "PLACE") not in _found("reading in england was where we landed")
    assert _found("penzance in the end was where we landed") == []
    # a common first name there is a person, unless a large city has the name
    assert ("sarah", "PLACE") not in _found("my sister sarah in spain was where we landed")
    assert ("florence", "PLACE") in _found("we landed at last florence in italy was lovely")


def test_a_compass_word_and_an_unknown_word_after_a_spatial_cue_are_a_region():
    assert _found("work was scarce in east trevalgia back then") == [("east trevalgia", "PLACE")]
    # an ordinary word after the compass word, or no cue before it, is no region
    assert _found("work was scarce in east part of it back then") == []
    assert _found("the wind went east trevalgia said") == []
