"""A ship's prefix makes the next words an organisation, in any case."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.vessels import VesselRecognizer


def _found(text):
    return [(text[s.start : s.end], s.type) for s in VesselRecognizer(Settings()).find(text)]


def test_prefix_then_name_in_any_case():
    assert _found("I joined HMS Trevose in the spring") == [("HMS Trevose", "ORG")]
    assert _found("then i was sent to hms royal pendeen which was") == [("hms royal pendeen", "ORG")]


def test_prefix_inside_a_word_or_alone_is_nothing():
    assert _found("the hmso printed it") == []
    assert _found("we said hms and") == []


def test_a_ship_named_once_is_the_ship_after_the_later():
    text = "I joined HMS Steadfast in May. Later the steadfast went north; a steadfast friend stayed."
    assert _found(text) == [("HMS Steadfast", "ORG"), ("steadfast", "ORG")]
    assert _found("the steadfast went north") == []
