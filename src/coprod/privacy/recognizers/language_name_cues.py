"""Names introduced by another language's naming phrase, in any case: "je m'appelle gwenaelle",
"c'est maxence qui a cassé la prod", "ich heiße anyname", "me llamo anyname". English has its own
list (`cues/name_cues.txt`, read by `cued_names`); each other language has one of its own
(`cues/name_cues_<lang>.txt`: a phrase right before the name, or a frame with `_` where the name
stands, "c'est _ qui"). The phrase says its language, so every list is read in every transcript,
whatever the study's languages: a French self-introduction in an English-only study is still one.

Speech recognition writes these names in lower case, so capitals are no evidence; the phrase is.
The word in the name's place is a name when it is

- no function word of any language with a list (`stopwords_<lang>.txt`: "c'est lui qui", "moi
  c'est pareil" stay), no country, and no place of the lists unless a common first name;
- a listed first name ("c'est pierre qui": the frame presents a person, even where the word is
  also an ordinary one), or a word no dictionary of English, the study's languages or the
  phrase's language holds and no technology term (names of many origins are in no list:
  "je m'appelle anyname").

After a phrase (no `_`), up to two more words that are listed names or no dictionary's words join
the first ("je m'appelle anyname anysurname"); in a frame, every word between the phrase's parts
must be such a word, and there are at most three of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..detectors import Span
from ..normalise import view
from ..reference import (
    _frequent_words,
    country_names,
    folded_names,
    load_reference,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import Phrases
from .world_places import common_first_names

name = "language_name_cues"
LIST_RE = re.compile(r"name_cues_([a-z]{2,3})\.txt$")
WORD = r"[^\W\d_](?:[^\W\d_]|-(?=[^\W\d_]))*"  # a word, hyphenated parts joined ("marie-claude")
MAX_EXTRA = 2  # words after the first of a name introduced by a phrase
MAX_FRAMED = 3  # words of a name inside a frame ("c'est _ qui")


def _cue_pattern(phrase: str) -> str:
    """A cue phrase (folded, lower case) as a regex: words apart by white space, apostrophes
    of either form."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.split())


@lru_cache(maxsize=4)
def _lists(ref_dir: str) -> tuple[tuple[str, str, str], ...]:
    """(language, before, after) for every cue of every `cues/name_cues_<lang>.txt`: the phrase
    before the name and what follows it ("" for a plain phrase), folded as the detectors read."""
    out = []
    for path in sorted((Path(ref_dir) / "cues").glob("name_cues_*.txt")):
        m = LIST_RE.search(path.name)
        if m is None:
            continue
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            before, _, after = line.partition("_")  # before folding: the fold reads "_" as a space
            out.append((m.group(1), view(before).casefold().strip(), view(after).casefold().strip()))
    return tuple(out)


@lru_cache(maxsize=4)
def _stop_words(ref_dir: str) -> frozenset[str]:
    out = set(ENGLISH_STOP_WORDS)
    for path in sorted(Path(ref_dir).glob("stopwords_*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip() and not line.startswith("#"):
                out.add(view(line.strip()).casefold())
    return frozenset(out)


class LanguageNameCueRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref_dir = str(settings.reference_dir)
        self.ordinary = ordinary
        self.first, self.surnames = folded_names(ref_dir)
        self.common_first = common_first_names(ref_dir)
        self.places = world_places(ref_dir)
        self.countries = {view(n).casefold() for n in country_names()}
        ref = load_reference(ref_dir)
        self.tech = {w.casefold() for w in ref.tech | ref.tech_ambiguous}
        self.stop = _stop_words(ref_dir)
        self.rules = []
        starts = []  # every rule's match starts with its cue: one scan for all of them first
        self.befores = []  # each rule's phrase
        for lang, before, after in _lists(ref_dir):
            self.befores.append(before)
            starts.append(_cue_pattern(before))
            if after:
                tail = "" if after.endswith("'") else r"(?![\w'’])"
                framed = rf"(?P<name>{WORD}(?:\s+{WORD}){{0,{MAX_FRAMED - 1}}})"
                cue, end = _cue_pattern(before), _cue_pattern(after)
                rx = re.compile(rf"(?<![\w'’]){cue}\s+{framed}\s+{end}{tail}")
            else:
                rx = re.compile(rf"(?<![\w'’]){_cue_pattern(before)}[ \t,:]+(?P<name>{WORD})")
            # the cue's longest run of letters: a text without it holds no match ("appelle")
            needle = max(re.findall(r"[a-z]+", before), key=len)
            self.rules.append((lang, needle, bool(after), rx))
        self.next_word = re.compile(rf"[ \t]+({WORD})(?![\w'’])")
        # in an ASCII text, a rule can match only where every letter run of its phrase ("je",
        # "m", "appelle") is a letter run of the text's words: a whole run of the text (the
        # phrase starts after no word character and ends before white space), so one of the
        # index's (`Phrases`); the others are not scanned for
        self._phrases = Phrases(before for _, before, _ in _lists(ref_dir))
        self.any_cue = re.compile(rf"(?<![\w'’])(?:{'|'.join(starts)})") if starts else None

    def _frequent(self, w: str, lang: str) -> bool:
        return self.ordinary(w) or (lang != "en" and w in _frequent_words(lang))

    def _word_ok(self, w: str, lang: str, first: bool) -> bool:
        """A word of the name: see the module's docstring. `first`: the name's first word (a
        listed surname counts for a later one)."""
        if len(w) < 2 or w in self.stop or w in self.countries:
            return False
        if not first and w in self.surnames:
            return True  # "c'est marie anysurname qui": a listed surname after a name is one
        if w in self.places and w not in self.common_first:
            return False
        if w in self.first:
            return True
        return len(w) >= 3 and w not in self.tech and not self._frequent(w, lang)

    def find(self, seen: str, index=None) -> list[Span]:
        spans: list[Span] = []
        if self.any_cue is None:
            return spans
        present = None if index is None or index.text is not seen else self._phrases.literals(index)
        if present is not None:
            present = set(present)
            if not any(before in present for before in self.befores):
                return spans
        low = seen.lower()
        if self.any_cue.search(low) is None:
            return spans
        for (lang, needle, framed, rx), before in zip(self.rules, self.befores, strict=True):
            if needle not in low or (present is not None and before not in present):
                continue
            for m in rx.finditer(low):
                a, b = m.start("name"), m.end("name")
                words = low[a:b].split()
                if not all(self._word_ok(w, lang, k == 0) for k, w in enumerate(words)):
                    continue
                if not framed:  # more words of the same name after the first
                    for _ in range(MAX_EXTRA):
                        nxt = self.next_word.match(low, b)
                        if nxt is None or not self._word_ok(nxt.group(1), lang, False):
                            break
                        b = nxt.end(1)
                spans.append(Span(a, b, "PERSON", seen[a:b], "context:name-cue", 0.85))
        return spans
