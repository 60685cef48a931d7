"""Evidence against a name: a study language's own common noun, capitalised.

Not a recognizer: like `common_uses`, the analyzer asks it which of the spans found are no
mention of a person, place or organisation. It acts only in a study with languages other than
English (`deidentify.languages`), and only inside a sentence of such a language: one whose
function words (`data/reference/stopwords_<lang>.txt`) outnumber the English ones. There, a
capitalised word that the language's word list knows (wordfreq Zipf of `FLOOR` or more, as
written, accents included) is that language's word, not a name, when

- no rule had more than its shape to go on (the weakest rule's neutral name, "À Pâques, on
  …") and no list holds it as a first name or a surname: the language's word list explains
  it, and a name needs positive support;
- or it follows one of the language's singular definite articles (`cues/study_articles.txt`:
  "la Toussaint", "la Sécu"), whatever rule found it: standard speech puts no such article
  before a person's name. A listed first name is still a person (regional speech says "la
  Marie"); a capitalised word or a particle before the article ("Marie du Bois", "de la
  Cruz") makes it part of a name; a place preposition before it ("à la Réunion") keeps a
  place a place. Plural articles are not on the list ("chez les Dupont" names a family), nor
  are languages whose speech puts an article before surnames or starts surnames with one
  (German, Italian, Dutch).

A registered person's one-word form is touched in one case only: written all in lower case,
where the language's grammar puts a common noun and not a surname, right after one of its
singular indefinite articles ("d'un berger") or as the predicate of a third-person subject
and a copula ("il était berger", "elle est devenue berger": a trade or role, said without an
article), or right after one of its singular definite articles that no capitalised word or
particle precedes ("le boulanger du coin": speech that puts an article before a person's name
does so to a capitalised or a first name, never checked here). Speech says "un Dupont" or "il
était Dupont" hardly ever, while "c'est Dupont" and "je suis Dupont" present a person: only
"il/elle/on/ils/elles" open the predicate. The word
must still be one the language's word list knows (`FLOOR`) and no listed first name;
capitalised, it stays the person whatever comes before it.

English sentences and English-only studies are never touched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

from ..detectors import Span
from ..reference import folded_names

name = "study_language_words"

# a word this frequent in the language (about once in a million words) is one its speakers use
FLOOR = 3.0
# one of the language's commonest words (about once in 100,000 words): "Mann", "Frau"
COMMON = 5.0
# languages that write a compound noun as one word ("Pflegekasse")
COMPOUNDING = frozenset({"de", "nl"})
TYPES = {"PERSON", "NAME", "PLACE"}
WEAKEST = "context:proper-noun"
# the words before an article that make it part of a name ("de la Cruz", "van der", "Dell'")
PARTICLES = frozenset({"de", "di", "da", "del", "della", "van", "von", "d'", "d’"})
WORD_RE = re.compile(r"[^\W\d_]+(?:['’](?=[^\W\d_]))?")
SENTENCE_END = re.compile(r"[.!?\n\x00]")
# the lower-case words before a position, nearest last ("d'un" gives "d'", "un")
BEFORE_RE = re.compile(r"[^\W\d_]+['’]?")
PREV_RE = re.compile(r"(?:^|(?<=[\s(\"“«]))([^\W\d_]+['’]?)[ \t]*$")


def _read_list(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").split("\n")
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=4)
def _articles(ref_dir: str) -> dict[str, dict[str, frozenset[str]]]:
    """language -> {"articles": words, "places": words} of cues/study_articles.txt."""
    out: dict[str, dict[str, frozenset[str]]] = {}
    path = Path(ref_dir) / "cues" / "study_articles.txt"
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        head, _, words = line.partition(":")
        lang, _, kind = head.strip().partition(" ")
        out.setdefault(lang, {})[kind.strip()] = frozenset(words.split())
    return out


class StudyLanguageFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.others = tuple(lang for lang in settings.languages if lang != "en")
        self.stop = {
            lang: _read_list(Path(ref_dir) / f"stopwords_{lang}.txt") for lang in ("en", *self.others)
        }
        self.others = tuple(lang for lang in self.others if self.stop[lang])
        self.articles = _articles(ref_dir)
        self.first, self.surnames = folded_names(ref_dir)
        self._zipf: dict[tuple[str, str], float] = {}

    def _frequency(self, word: str, lang: str) -> float:
        key = (word, lang)
        z = self._zipf.get(key)
        if z is None:
            z = self._zipf[key] = zipf_frequency(word, lang)
        return z

    def _language(self, text: str, start: int, end: int) -> str | None:
        """The study language (not English) of the sentence around text[start:end], if any."""
        a = start
        while a > 0 and not SENTENCE_END.match(text, a - 1):
            a -= 1
        m = SENTENCE_END.search(text, end)
        b = m.start() if m else len(text)
        words = [w.lower().replace("’", "'") for w in WORD_RE.findall(text[a:b])]
        hits = {lang: sum(w in self.stop[lang] for w in words) for lang in ("en", *self.others)}
        best = max(self.others, key=lambda lang: (hits[lang], -self.others.index(lang)))
        if hits[best] >= 2 and hits[best] > hits["en"]:
            return best
        # a short sentence with one function word of the language and none of English
        # ("Montags kommt der Hausarzt.")
        return best if hits[best] == 1 and hits["en"] == 0 and len(words) >= 3 else None

    def _compound(self, low: str, lang: str, depth: int = 0) -> bool:
        """A word the language writes as one compound of its own words ("Pflegekasse",
        "Pflegestärkungsgesetz"): parts of four letters or more, each at `FLOOR` or more, with
        a linking "s", "n", "en" or "es" allowed between them. Only for the languages that
        write compounds as one word (`COMPOUNDING`)."""
        if lang not in COMPOUNDING or depth > 3:
            return False
        for cut in range(len(low) - 4, 3, -1):
            head, tail = low[:cut], low[cut:]
            if self._frequency(tail, lang) < FLOOR:
                continue
            for link in ("", "s", "n", "en", "es"):
                stem = head[: len(head) - len(link)] if link and head.endswith(link) else head
                if link and not head.endswith(link):
                    continue
                if len(stem) < 4:
                    continue
                if self._frequency(stem, lang) >= FLOOR or self._compound(stem, lang, depth + 1):
                    return True
        return False

    def _after_possessive(self, text: str, span: Span, lang: str) -> bool:
        """Right after a possessive determiner of `lang` (`cues/study_articles.txt`,
        "<lang> possessives": "mein", "unsere", "mi"): speech says "mein Mann", not "mein
        Müller"."""
        cues = self.articles.get(lang, {}).get("possessives")
        if not cues:
            return False
        m = PREV_RE.search(text[max(0, span.start - 30) : span.start])
        return m is not None and m.group(1).lower() in cues

    def _after_article(self, text: str, span: Span, lang: str, opening: bool = False) -> bool:
        """Right after a lower-case singular definite article of `lang` that no capitalised
        word or particle precedes (and, for a place, no place preposition); with `opening`,
        also a capitalised one that opens the sentence or a speaker's turn ("Le boulanger")."""
        cues = self.articles.get(lang)
        if not cues:
            return False
        before = text[max(0, span.start - 60) : span.start]
        m = PREV_RE.search(before)
        if m is None:
            return False
        article = m.group(1)
        rest = before[: m.start(1)].rstrip(" \t")
        if opening and article[:1].isupper() and (not rest or rest.endswith((".", "!", "?", ":", "\n"))):
            article, rest = article.lower(), ""  # the sentence's first word
        elided = article.endswith(("'", "’"))
        if elided != (m.end(1) == len(before)) or article not in cues.get("articles", ()):
            return False  # "l'" joins the word; "la" is a word apart
        p = PREV_RE.search(rest + " ") if rest and not rest.endswith((",", ";", ":")) else None
        prior = p.group(1) if p is not None else ""
        if prior[:1].isupper() or prior.lower() in PARTICLES:
            return False  # "Marie du Bois", "de la Cruz": part of a name
        return not (span.type == "PLACE" and prior.lower() in cues.get("places", ()))

    def _predicate_noun(self, text: str, span: Span, lang: str) -> bool:
        """Right after a singular indefinite article of `lang`, or after a third-person subject
        pronoun and one or two copula words ("il était", "elle est devenue")."""
        cues = self.articles.get(lang, {})
        before = text[max(0, span.start - 40) : span.start]
        if before and not before[-1].isspace():
            return False
        words = [w.lower() for w in BEFORE_RE.findall(before)]
        if words and words[-1] in cues.get("indefinites", ()):
            return True
        copulas = cues.get("copulas", frozenset())
        k = len(words)
        while k > 0 and len(words) - k < 2 and words[k - 1] in copulas:
            k -= 1
        return k < len(words) and k > 0 and words[k - 1] in cues.get("subjects", ())

    def _registered_noun(self, text: str, span: Span) -> bool:
        """A registered person's one-word form written in lower case where the study language
        puts a common noun (`_predicate_noun`, or after a definite article: `_after_article`)."""
        surface = text[span.start : span.end]
        if span.type != "PERSON" or not re.fullmatch(r"[^\W\d_]+", surface) or not surface.islower():
            return False
        if surface in self.first:
            return False
        lang = self._language(text, span.start, span.end)
        return (
            lang is not None
            and self._frequency(surface, lang) >= FLOOR
            and (
                self._predicate_noun(text, span, lang) or self._after_article(text, span, lang, opening=True)
            )
        )

    def _common_noun(self, text: str, span: Span) -> bool:
        if span.detector == "register":
            return self._registered_noun(text, span)
        if span.type not in TYPES:
            return False
        surface = text[span.start : span.end]
        if not surface[:1].isupper() or not re.fullmatch(r"[^\W\d_]+", surface):
            return False
        low = surface.lower()
        lang = self._language(text, span.start, span.end)
        if lang is None:
            return False
        if low in self.first:
            # "Mein Mann": one of the language's commonest words after a possessive
            return self._frequency(low, lang) >= COMMON and self._after_possessive(text, span, lang)
        if self._frequency(low, lang) < FLOOR:
            if span.detector == WEAKEST and low not in self.surnames and self._compound(low, lang):
                return self._after_article(text, span, lang, opening=True) or self._after_determiner(
                    text, span, lang
                )
            return False
        if span.detector == WEAKEST and low not in self.surnames:
            return True
        return self._after_article(text, span, lang) or self._after_possessive(text, span, lang)

    def _after_determiner(self, text: str, span: Span, lang: str) -> bool:
        """Right after any determiner of `lang` ("die", "der", "einen": `cues/study_articles.txt`,
        "<lang> determiners"), in any case."""
        cues = self.articles.get(lang, {}).get("determiners")
        if not cues:
            return False
        m = PREV_RE.search(text[max(0, span.start - 30) : span.start])
        return m is not None and m.group(1).lower() in cues

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        """The spans that are no common noun of a study language (all of them in an English-only
        study)."""
        if not self.others:
            return spans
        return [s for s in spans if not self._common_noun(text, s)]
