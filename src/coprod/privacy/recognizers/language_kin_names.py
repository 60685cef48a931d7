"""A name after a possessive and a kin word of another language: "Mein Mann, Anyname
Anysurname, ...", "meine Tochter Anyname", "mi hija Anyname", "mi marido, Anyname". In German
every noun is capitalised, so a capital letter is no evidence there; the kin phrase is.

Each language with a list (`cues/kin_words_<lang>.txt`: German, Spanish) has its possessives
(`POSSESSIVES`); the phrase says its language, so every list is read in every transcript. After
the kin word (and a comma, if any) come one or two capitalised words; the first is a name when
it is no function word of any language with a list (`stopwords_<lang>.txt`) and either a listed
first name or surname, or no ordinary word of the study's languages (the analyzer's dictionary
test) nor a frequent word of German or Spanish (`MAX_ZIPF`); the second joins it on the same test.
"Mein Mann arbeitet", "mi hija tiene" and "mein
Sohn Montags" stay: a lower-case word, or an ordinary word that is no listed name.

The scan is anchored on the kin words of the text's `TextIndex`.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import zipf_frequency

from ..detectors import Span
from ..reference import cue_words, folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, anchored

name = "language_kin_names"
CONFIDENCE = 0.8
POSSESSIVES = {
    "de": frozenset(
        "mein meine meinem meinen meiner unser unsere unserem unseren unserer dein deine deinem"
        " deinen deiner sein seine seinem seinen seiner ihr ihre ihrem ihren ihrer euer eure".split()
    ),
    "es": frozenset("mi mis su sus nuestro nuestra nuestros nuestras tu tus vuestro vuestra".split()),
}
MAX_NAME_WORDS = 2
# a word this frequent in German or Spanish text (wordfreq's Zipf scale) is a word there, not a
# name, unless a name list holds it ("Montags", "Mañana")
MAX_ZIPF = 3.0


def _stop_words(ref: str) -> frozenset[str]:
    words: set[str] = set(ENGLISH_STOP_WORDS)
    for path in sorted(Path(ref).glob("stopwords_*.txt")):
        words.update(
            w.strip().casefold()
            for w in path.read_text(encoding="utf-8").split("\n")
            if w.strip() and not w.startswith("#")
        )
    return frozenset(words)


class LanguageKinNameRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = str(settings.reference_dir)
        self.ordinary = ordinary
        self.kin = {lang: frozenset(cue_words(f"kin_words_{lang}", ref)) for lang in POSSESSIVES}
        self.all_kin = frozenset().union(*self.kin.values())
        self.first, self.last = folded_names(ref)
        self.stop = _stop_words(ref)
        self._anchors = WordFilter(lambda w: w.casefold() in self.all_kin)

    def _name(self, word: str) -> bool:
        if not word[:1].isupper() or word.isupper() or len(word) < 2:
            return False
        folded = word.casefold()
        if folded in self.stop:
            return False
        parts = folded.split("-")
        return all(
            p in self.first
            or p in self.last
            or (not self.ordinary(p) and all(zipf_frequency(p, lang) < MAX_ZIPF for lang in POSSESSIVES))
            for p in parts
        )

    def _kin_phrase(self, strs, k: int) -> bool:
        if k < 1:
            return False
        before, kin = strs[k - 1].casefold(), strs[k].casefold()
        return any(before in POSSESSIVES[lang] and kin in self.kin[lang] for lang in POSSESSIVES)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index, at = anchored(seen, index, self._anchors)
        if not at:
            return []
        starts, ends, strs = index.starts, index.ends, index.words
        spans: list[Span] = []
        for k in at:
            if k + 1 >= len(strs) or not self._kin_phrase(strs, k):
                continue
            if seen[ends[k - 1] : starts[k]] != " " or seen[ends[k] : starts[k + 1]] not in (" ", ", "):
                continue
            end = k + 1
            while end < len(strs) and end - k <= MAX_NAME_WORDS and self._name(strs[end]):
                if end > k + 1 and seen[ends[end - 1] : starts[end]] != " ":
                    break
                end += 1
            if end > k + 1:
                a, b = starts[k + 1], ends[end - 1]
                spans.append(Span(a, b, "PERSON", seen[a:b], "context:language-relative-name", CONFIDENCE))
        return spans
