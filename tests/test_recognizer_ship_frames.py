"""Ships named by what is said of them: a name before a kind of warship, and "the X" as the
subject of what only a ship does (invented sentences)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, ShipFrameRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = ShipFrameRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type, s.detector) for s in rec.find(text)]


def test_registered():
    assert ShipFrameRecognizer in REGISTRY


def test_a_name_before_a_kind_of_warship_is_the_ship_in_any_case():
    assert _found("we tied up beside the lochgilphead battleship that winter") == [
        ("lochgilphead", "ORG", "context:ship-before-class")
    ]
    assert _found("Later I joined the Lochgilphead cruiser at the yard.") == [
        ("Lochgilphead", "ORG", "context:ship-before-class")
    ]


def test_kinds_peoples_and_words_before_a_warship_are_no_name():
    assert _found("a German battleship and the escort destroyer and a big ten thousand ton battleship") == []
    assert _found("the Dutch cruiser passed the old submarine and the duty destroyer") == []
    # a word no list holds is no evidence here (a prefix said apart: "anti submarine")
    assert _found("we had anti submarine gear and the penrithe battleship") == []
    assert _found("then the Australian cruiser came in") == []


def test_a_rare_word_that_was_sunk_or_on_a_convoy_is_a_ship():
    text = "but the Bittern was also on the northern convoys, and the harrier was sunk in the spring"
    assert [f[0] for f in _found(text)] == ["Bittern", "harrier"]
    assert _found("the pelicans were on um, a convoy to the south") == [
        ("pelicans", "ORG", "context:ship-deed")
    ]


def test_common_nouns_and_people_in_the_frame_stay():
    text = "the ship was sunk, the convoy was attacked, the captain was also on the convoy"
    assert _found(text) == []
    assert _found("the boat was torpedoed and the mother was on a convoy home") == []
    assert _found("the Bittern flew over the water") == []  # no frame


def test_in_the_analyzer_the_ship_is_replaced():
    text = "My uncle served on her. The Pennoch was also on the Arctic convoys that year."
    found = Analyzer([], Settings()).find(text)
    assert ("Pennoch", "ORG") in [(text[s.start : s.end], s.type) for s in found]


def test_the_word_listed_beside_a_ship_named_with_a_prefix_is_a_ship():
    text = "I got a trip on HMS Penvarra. There was the unassailable, the penvarra and one other."
    assert ("unassailable", "ORG", "context:ship-list") in _found(text)
    text = "I got a trip on HMS Penvarra. We saw the penvarra and the harbour."
    assert [f for f in _found(text) if f[2] == "context:ship-list"] == []  # a common word
    assert _found("There was the unassailable, the penvarra and one other.") == []  # no prefix


def test_deeds_that_are_not_only_a_ships_stay():
    assert _found("the mural was commissioned and the cobalt was mined and the hashtag was launched") == []
