"""coprod.evaluate finds a gold form as a whole word, literally: the substring test it makes first
and its compiled patterns change no answer (a whole-word regex over the same text)."""

from __future__ import annotations

import random
import re

from coprod.evaluate import _find, gold_mentions


def _regex(form: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)]


def test_whole_words_only_and_literal():
    text = "Dr. Ann Lee met Anne at St. Ann's (Ann) on 3.4; Lee-Ann and ann."
    # not in "Anne" or "ann"; in "St. Ann's", "(Ann)" and "Lee-Ann" (an apostrophe, a bracket
    # and a hyphen are not word characters)
    assert _find("Ann", text) == [(4, 7), (28, 31), (35, 38), (52, 55)]
    assert _find("Dr.", text) == [(0, 3)]
    assert _find("St. Ann", text) == [(24, 31)]
    assert _find("3.4", text) == [(43, 46)]
    assert _find("a.n", text) == []  # a dot is a dot, not any character
    assert _find("Zed", text) == []
    assert _find("", "ab") == _regex("", "ab")


def test_the_same_spans_as_the_whole_word_regex_on_random_texts():
    rng = random.Random(7)
    alphabet = "ab .-'é\n"
    forms = ["a", "ab", "b a", "é", "a-b", "'a", ".", "ab.", "ba'"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        for form in forms:
            assert _find(form, text) == _regex(form, text), (form, text)


def test_more_forms_than_the_regex_cache_holds_give_the_same_mentions():
    forms = [{"text": f"Name{i}", "type": "PERSON"} for i in range(1500)]
    text = " ".join(f"Name{i}" for i in range(0, 1500, 7)) + " Name14x"
    found = gold_mentions(text, forms)
    assert [text[s:e] for s, e, _ in found] == [f"Name{i}" for i in range(0, 1500, 7)]
