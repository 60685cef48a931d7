"""Names joined by a family-name particle (Gaelic Ní/Nic, Arabic bin/ibn, al-/el- joined),
whether or not a list holds their words (invented names)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, NameParticleRecognizer


def _found(text):
    return [text[s.start : s.end] for s in NameParticleRecognizer(Settings()).find(text)]


def test_registered():
    assert NameParticleRecognizer in REGISTRY


def test_particles_between_capitalised_words():
    assert _found("then Orlagh Nic Fhionnlaigh rang") == ["Orlagh Nic Fhionnlaigh"]
    assert _found("we saw Talal ibn Quraishi twice") == ["Talal ibn Quraishi"]
    assert _found("Nurse Qadira el-Marzouqi came") == ["Qadira el-Marzouqi"]


def test_a_chain_of_parts():
    assert _found("Talal bin Wadih Al Qurmuzi was here") == ["Talal bin Wadih Al Qurmuzi"]
    assert _found("Talal bin Wadih al-Qurmuzi was here") == ["Talal bin Wadih al-Qurmuzi"]


def test_a_particle_alone_or_after_a_lower_case_word_stays():
    assert _found("we watched the al-Anyword channel") == []
    assert _found("In al-Andaluz it was warm") == []  # a stop word before it
    assert _found("put it in the bin Saturday") == []  # no capitalised word before "bin"
    assert _found("Orlagh Nic rang") == []  # nothing capitalised after the particle


def test_in_the_analyzer_the_whole_name_is_replaced():
    text = "then Orlagh Nic Fhionnlaigh rang"
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("Orlagh Nic Fhionnlaigh", "PERSON")]
