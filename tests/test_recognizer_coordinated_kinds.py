"""A word coordinated with a listed medicine or software product is one too, not a name
(`coprod.privacy.recognizers.coordinated_kinds`); people beside products are still people."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The chemist gave me Zorvex and some Gaviscon, that was all.",  # a listed medicine after
        "They tried Sertraline first, then Zorvex, and nothing helped.",  # a medicine's shape before
        # a word taken as a medicine ("on Anyname", a medicine word near), then the unknown one
        "My medication changed: I was on Brintex for a year, then Zorvex.",
        # a product whose name is also a first name
        "We moved from Figma to Miro last spring, and honestly Miro is easier.",
        # the "to" of "from Product to Word" is no destination: the locative's neutral name goes
        "We moved the jobs from Airflow to Zorvex last year, and Zorvex is fine.",
    ],
)
def test_a_word_coordinated_with_a_listed_product_is_no_name(text):
    assert _found(text) == []


def test_the_same_unknown_word_alone_is_still_a_name():
    assert _found("We spoke with Zorvex about it.") == [("Zorvex", "NAME")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a listed first name beside a medicine is a person
        ("I took Gaviscon and Gavin laughed at me.", "Gavin"),
        # a person cue after the word
        ("I was on Sertraline for a year, then Okonkwo said stop.", "Okonkwo"),
        # a first name that is also a product, in a loose coordination only
        ("I sent the Figma file to Miro, and Miro liked it.", "Miro"),
        # the same form said to speak somewhere in the text is a person everywhere
        ("We moved from Figma to Miro, and then Miro said it was fine.", "Miro"),
        # a person cue right after the word
        ("We use Figma, and Zorvex is our designer.", "Zorvex"),
        # after a locative, only "from Product to Word" is a change of product: "to Anyname"
        # elsewhere, or after a partner that is no unambiguous product, may be a destination
        ("We use Airflow, then we drove to Zorvex for the offsite.", "Zorvex"),
        ("We moved from Jenkins to Zorvex last year.", "Zorvex"),
        ("We switched from Slack to Zorvex, and Zorvex said no.", "Zorvex"),
    ],
)
def test_people_beside_products_are_still_found(text, name):
    assert any(name == found for found, _ in _found(text)), _found(text)


def test_mentions_are_the_whole_word_matches_of_the_plain_scan():
    """`mentions_of` (the look-behind after the literal) finds what the look-behind-first scan
    finds, on random texts of the word, its parts, joiners and look-alikes either side."""
    import random
    import re

    from coprod.privacy.recognizers.coordinated_kinds import mentions_of

    rng = random.Random(11)
    for surface in ("Anyname", "Any-name", "O'Name", "Name’s", "a.b", "Zz", "Éclair", "x y"):
        plain = re.compile(rf"(?<![\w'’\-]){re.escape(surface)}(?![\w'’\-])")
        parts = [surface, surface, surface[:2], surface[1:], "x", "_", "-", "'", "’", "9", " ", ", ", "é"]
        for _ in range(400):
            text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
            got = [m.span() for m in mentions_of(surface).finditer(text)]
            assert got == [m.span() for m in plain.finditer(text)]
