"""Structured identifiers in their ordinary variant forms: postcodes in lower case or hyphenated,
NHS numbers with dots or slashes (mod-11 kept), CHI numbers with dashes (date of birth kept),
National Insurance numbers in lower case or spaced. Every value is invented; check digits are
computed, not copied."""

from __future__ import annotations

import pytest

from coprod.privacy.detectors import all_patterns, health_numbers, mod11_check, ni_numbers, postcodes


def with_check(body: str) -> str:
    """A nine-digit body completed with its mod-11 check digit (first valid body from `body` up)."""
    n = int(body)
    while True:
        b = f"{n:09d}"
        for d in range(10):
            if mod11_check(b + str(d)):
                return b + str(d)
        n += 1


def found(spans, text):
    return [(text[s.start : s.end], s.canonical) for s in spans]


@pytest.mark.parametrize(
    "text,surface,code",
    [
        ("we're in eh1 2ab now", "eh1 2ab", "EH1 2AB"),
        ("post it to EH1-2AB please", "EH1-2AB", "EH1 2AB"),
        ("the form said g12 8qq.", "g12 8qq", "G12 8QQ"),
        ("it's KA7-4LB, near the shore", "KA7-4LB", "KA7 4LB"),
        ("ab10 1xg was the old address", "ab10 1xg", "AB10 1XG"),
        ("sw1a 1aa", "sw1a 1aa", "SW1A 1AA"),
    ],
)
def test_postcodes_lower_case_and_hyphenated(text, surface, code):
    assert (surface, code) in found(postcodes(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "on the b2 4th floor",  # an ordinal, not an inward code
        "page a4 2nd edition",
        "Eh1 2ab",  # mixed case is not how postcodes are written
        "meet at 5pm or 3am",
        "an A4 sheet and M25 traffic",
        "version 2.4 and 2024-25",
    ],
)
def test_postcode_negatives(text):
    assert postcodes(text) == []


def test_nhs_numbers_with_dots_slashes_and_dashes_keep_the_check():
    nhs = with_check("401023213")
    for sep in (".", "/", "-", " ", "–"):
        written = f"{nhs[:3]}{sep}{nhs[3:6]}{sep}{nhs[6:]}"
        text = f"my NHS number is {written}."
        assert found(health_numbers(text), text) == [(written, nhs)], sep
    wrong = nhs[:9] + str((int(nhs[9]) + 1) % 10)
    assert health_numbers(f"ref {wrong[:3]}.{wrong[3:6]}.{wrong[6:]}") == []
    assert health_numbers(f"version 1.{nhs[:3]}.{nhs[3:6]}.{nhs[6:]}") == []  # a dotted version, not a number


def test_nhs_number_read_out_digit_by_digit_keeps_the_check():
    nhs = with_check("612408329")
    for sep in (" ", "-", "."):
        written = sep.join(nhs)
        text = f"it's {written} on the card"
        assert found(health_numbers(text), text) == [(written, nhs)], sep
    assert health_numbers("it's " + " ".join(nhs + "4")) == []  # eleven digits: no ten-digit number
    wrong = nhs[:9] + str((int(nhs[9]) + 1) % 10)
    assert health_numbers(" ".join(wrong)) == []


def test_chi_numbers_with_dashes_keep_the_date_check():
    chi = with_check("070384123")  # born 7 March 1984
    for written in (
        f"{chi[:6]}-{chi[6:]}",
        f"{chi[:2]}-{chi[2:4]}-{chi[4:6]}-{chi[6:]}",
        f"{chi[:2]}.{chi[2:4]}.{chi[4:6]} {chi[6:]}",
    ):
        spans = health_numbers(f"CHI {written} on file")
        label = spans[0].detector if spans else ""
        assert [s.canonical for s in spans] == [chi] and label == "pattern:community-health-index-mod11", (
            written
        )
    # dashes kept; an impossible date (32nd) falls back to the NHS reading only if mod-11 holds
    bad = with_check("320384123")
    assert all(
        s.detector != "pattern:community-health-index-mod11"
        for s in health_numbers(f"{bad[:2]}-{bad[2:4]}-{bad[4:6]}-{bad[6:]}")
    )


@pytest.mark.parametrize(
    "text,hit",
    [
        ("NI number ab 12 34 56 c thanks", "AB123456C"),
        ("NI AB-12-34-56-C", "AB123456C"),
        ("ni jk123456d", "JK123456D"),
        ("it's A B 12 34 56 C", "AB123456C"),
        ("Ce.12.34.56.a", "CE123456A"),  # mixed case in the printed shape, one separator
        ("my NI is Jl-84-62-15-B", "JL846215B"),
        ("Ce123456a", None),  # mixed case run together: not the printed shape
        ("NI is Wk 630218 B", "WK630218B"),  # the keyboard's capital first, the suffix typed capital
        ("At 100000 a year", None),
        ("Ce.12-34 56.a", None),  # mixed case with mixed separators
        ("gb 12 34 56 a", None),  # never issued
        ("ab 12 34 56 e", None),  # suffix A-D only
        ("qq 12 34 56 a", None),
    ],
)
def test_national_insurance_lower_case_and_spaced(text, hit):
    got = [s.canonical for s in ni_numbers(text)]
    assert got == ([hit] if hit else [])


def test_structured_negatives_in_one_turn():
    text = "In 2019 we paid £1,250.50 for 3.5% growth at 10:30, model XR-2000, room 1.04, 120 people."
    assert all_patterns(text) == []


def test_a_checked_chi_number_is_an_id_not_a_phone():
    chi = with_check("070384123")
    written = f"{chi[:2]}-{chi[2:4]}-{chi[4:6]}-{chi[6:]}"  # starts with 0 like a phone number
    text = f"my CHI is {written}, thanks"
    assert [(text[s.start : s.end], s.type) for s in all_patterns(text)] == [(written, "ID_NUMBER")]


# The two digit scans as they were written before their first digit was matched first (a
# leading look-behind): the rewritten patterns must find exactly what these find.
PLAIN_TEN_DIGITS = (
    r"(?<![\d+])(?<!\d[./\-–])(?:\d{3}(?P<a>[ ./\-–]?)\d{3}(?P=a)\d{4}|\d{6}[ ./\-–]?\d{4}"
    r"|\d\d(?P<b>[ ./\-–])\d\d(?P=b)\d\d[ ./\-–]?\d{4}"
    r"|(?<!\d )\d(?P<c>[ .\-])\d(?:(?P=c)\d){8}(?!(?P=c)\d))(?![\d]|[./\-–]\d)"
)
PLAIN_NUMERIC_DATE_HINT = (
    r"\d[.-]\d\d?[.-](?:19|20)\d\d|(?:19|20)\d\d[-./][01]?\d[-./]|\d\d[.-][01]\d[.-]\d\d(?![\d])"
)


def _digit_texts(seed: int, count: int) -> list[str]:
    """Random strings dense in digits and the separators the patterns care about (a few
    non-ASCII digits and letters too), plus ordinary cases."""
    import random

    rng = random.Random(seed)
    alphabet = "0123456789" * 4 + "1920" * 3 + " ./-–+" * 3 + "ab٣\n"
    texts = [
        "call 943 476 5919 now", "120348-5735", "12-03-48-5735", "9 4 3 4 7 6 5 9 1 9", "+44 943 476 5919",
        "1.943.476.5919", "07.03.1984", "1984-03-07", "7-3-1984", "07-03-84", "2.3.12", "no digits",
    ]  # fmt: skip
    for _ in range(count):
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))
    return texts


def test_digit_scans_match_their_plain_forms():
    import re

    from coprod.privacy.detectors import NUMERIC_DATE_HINT_RE, TEN_DIGITS_RE

    plain_ten, plain_hint = re.compile(PLAIN_TEN_DIGITS), re.compile(PLAIN_NUMERIC_DATE_HINT)
    texts = _digit_texts(24, 20000)
    ten_hits = hint_hits = 0
    for text in texts:
        want = [(m.span(), m.groups()) for m in plain_ten.finditer(text)]
        assert [(m.span(), m.groups()) for m in TEN_DIGITS_RE.finditer(text)] == want, text
        ten_hits += bool(want)
        plain = plain_hint.search(text)
        got = NUMERIC_DATE_HINT_RE.search(text)
        assert (got is None) == (plain is None), text
        if plain is not None:
            assert got.span() == plain.span(), text
            hint_hits += 1
    assert ten_hits > 100 and hint_hits > 50  # the random texts exercise both


def test_batch_digit_hint_is_the_digit_scan():
    """The batch hints' digit family (a byte translate on ASCII batches) marks exactly the texts
    a digit scan marks."""
    import re

    from coprod.privacy.detectors import BATCH_SEP, pattern_hints

    texts = _digit_texts(7, 3000) + ["no digits here", "one 1", "٣ only", "x" * 50]
    ascii_texts = [t.replace("٣", "x") for t in texts] + ["no digits", "nine 9", "zero 0"] * 20
    texts += ascii_texts  # all-ASCII batches take the byte path, the others the regex
    for k in range(0, len(texts), 37):
        batch = [t for t in texts[k : k + 37] if BATCH_SEP not in t]
        hints = pattern_hints(BATCH_SEP.join(batch))
        marked = {t for t in batch if "digit" in hints["by_text"].get(t, ())}
        assert marked == {t for t in batch if re.search(r"\d", t)}


def test_ordinal_hint_and_digit_count_read_as_the_regexes():
    """The date detectors' ordinal hint (substrings) and the digit count (str.count on ASCII text)
    give what the regular expressions give."""
    import re

    from coprod.privacy.detectors import DIGIT_RE, ORDINAL_HINT_RE, ORDINAL_HINTS

    for text in _digit_texts(3, 2000) + ["the twenty-first of may", "nineteenth", "fourteen", "sixtieth"]:
        low = text.lower()
        assert any(map(low.__contains__, ORDINAL_HINTS)) == (ORDINAL_HINT_RE.search(low) is not None)
        if text.isascii():
            assert sum(map(text.count, "0123456789")) == len(DIGIT_RE.findall(text))
    assert ORDINAL_HINTS and all(re.fullmatch(r"[a-z]+", w) for w in ORDINAL_HINTS)
