"""Evidence against a name: another language's article opening a sentence of that language.

Not a recognizer: like `other_language_phrases`, the analyzer asks it which of the spans found
are no mention of a person, place or organisation. Speech in a study of one language quotes or
switches to another for a sentence ("Le bureau est à deux rues de la gare."); written
capitalised at the sentence's start, that language's article is also a listed first name or
surname ("Le", "La", "Al", "Del") and reads as a name. The words after it say otherwise.

A span is such an article when

- it is one word, the first of its sentence (after the text's start, a line break, ". ", "! ",
  "? " or ": "), and a singular definite article of a language with a line in
  `cues/study_articles.txt` (French, Spanish; not the languages whose speech puts an article
  before surnames, for the reason that file gives), compared in lower case;
- a lower-case word follows it after one space (an article precedes its noun: "Le Van Thanh",
  "La Rochelle" keep their capital and stay names);
- and its sentence is of that language: at least two of the language's function words
  (`data/reference/stopwords_<lang>.txt`), more than the English ones ("Le said no." is
  English and keeps the name).

It acts whatever the study's languages (`deidentify.languages`): an English-only study hears
French too. The sentence is read from the analyzer's `TextIndex` (its words and offsets).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..detectors import Span
from .study_language_words import _articles, _read_list
from .text_index import TextIndex

name = "other_language_articles"

TYPES = frozenset({"PERSON", "NAME", "PLACE"})
SENTENCE_END_RE = re.compile(r"[.!?\n\x00]")
OPENING_RE = re.compile(r"(?:^|[\n\x00]|[.!?:][ \t]+)[ \t\"“«(]*$")


class OtherLanguageArticleFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        cues = _articles(ref_dir)
        self.languages = tuple(sorted(lang for lang in cues if cues[lang].get("articles")))
        self.articles = {lang: cues[lang]["articles"] for lang in self.languages}
        self.stop = {
            lang: _read_list(Path(ref_dir) / f"stopwords_{lang}.txt") for lang in ("en", *self.languages)
        }
        self.all_articles = frozenset(a for words in self.articles.values() for a in words)
        self.longest = max(map(len, self.all_articles), default=0)

    def _sentence(self, index: TextIndex, k: int) -> list[str]:
        """The lower-cased words of the sentence that word k opens."""
        text, words, starts, ends = index.text, index.words, index.starts, index.ends
        out = [words[k].lower()]
        j = k + 1
        while j < len(words) and not SENTENCE_END_RE.search(text, ends[j - 1], starts[j]):
            out.append(words[j].lower().replace("’", "'"))
            j += 1
        return out

    def _article(self, index: TextIndex, k: int) -> bool:
        text, words, starts = index.text, index.words, index.starts
        low = words[k].lower()
        if low not in self.all_articles or k + 1 >= len(words):
            return False
        if text[index.ends[k] : starts[k + 1]] != " " or not words[k + 1][:1].islower():
            return False
        if not OPENING_RE.search(text, max(0, starts[k] - 8), starts[k]):
            return False
        sentence = self._sentence(index, k)
        english = sum(w in self.stop["en"] for w in sentence)
        for lang in self.languages:
            if low in self.articles[lang]:
                hits = sum(w in self.stop[lang] for w in sentence)
                if hits >= 2 and hits > english:
                    return True
        return False

    def filter(self, spans: list[Span], text: str, index: TextIndex | None = None) -> list[Span]:
        """The spans that are no other language's article opening its sentence."""
        articles, longest = self.all_articles, self.longest
        cands = [
            s
            for s in spans
            if s.end - s.start <= longest
            and s.type in TYPES
            and s.detector != "register"
            and text[s.start : s.end].lower() in articles
        ]
        if not cands:
            return spans
        if index is None or len(index.text) != len(text):
            index = TextIndex(text)
        at = {index.starts[k]: k for k in index.where({text[s.start : s.end] for s in cands})}
        drop = {id(s) for s in cands if s.start in at and self._article(index, at[s.start])}
        return [s for s in spans if id(s) not in drop] if drop else spans
