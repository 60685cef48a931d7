"""American spellings of ordinary English words.

The English dictionary the detectors read (`english_words.txt`, SCOWL british-english-small)
spells "centre", "colour", "organise", "catalogue", "defence", "travelled": its American forms
("center", "color", "organize", "catalog", "defense", "traveled") are no entry, so in lower
case they read as unknown words and "the data center" as a town of that name. A word is such a
form when one regular respelling gives a dictionary word and the word itself is in use
(wordfreq Zipf `MIN_ZIPF` or more in English); words of fewer than five letters are left alone
("tor" is no "tour").
"""

from __future__ import annotations

import re

MIN_LETTERS = 5
MIN_ZIPF = 3.0

_RE_ER = re.compile(r"(?<=[^aeiou])er(?=s?$|ed$|ing$)")  # center -> centre, theaters -> theatres
_RE_OR = re.compile(r"or")  # color -> colour, neighborhood -> neighbourhood
_RE_IZ = re.compile(r"iz")  # organize -> organise, organization -> organisation
_RE_YZ = re.compile(r"yz")  # analyze -> analyse
_RE_OG = re.compile(r"og(s?)$")  # catalog -> catalogue
_RE_ENSE = re.compile(r"ense(s?)$")  # defense -> defence
_RE_L = re.compile(r"([aeiou])l(ed|ing|er|ers)$")  # traveled -> travelled


def british_forms(word: str) -> set[str]:
    """The British spellings one regular respelling of `word` (lower case) gives."""
    out: set[str] = set()
    for rx, repl in ((_RE_ER, "re"), (_RE_OR, "our"), (_RE_IZ, "is"), (_RE_YZ, "ys")):
        for m in rx.finditer(word):
            out.add(word[: m.start()] + repl + word[m.end() :])
    m = _RE_OG.search(word)
    if m:
        out.add(word[: m.start()] + "ogue" + m.group(1))
    m = _RE_ENSE.search(word)
    if m:
        out.add(word[: m.start()] + "ence" + m.group(1))
    m = _RE_L.search(word)
    if m:
        out.add(word[: m.start(1) + 1] + "ll" + m.group(2))
    out.discard(word)
    return out


def american_form(word: str, english) -> bool:
    """`word` (lower case) is the American spelling of a word of `english`, and in use."""
    if len(word) < MIN_LETTERS or word in english or not word.isalpha():
        return False
    if not any(b in english for b in british_forms(word)):
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= MIN_ZIPF
