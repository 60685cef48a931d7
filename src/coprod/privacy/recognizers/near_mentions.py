"""Another spelling of a name found confidently in the same transcript: speech recognition and
transcribers write one name several ways ("anyworth road" and "anyworthe road", "alexandrina"
then its clipped "alex"), and only one of them may have had the evidence.

A transcript-level rule, run after every text of the transcript was analysed (it reads what
the recognizers found there, so it is not in `REGISTRY`). From each name found at confidence
CONFIDENT or more (a person, place, organisation or name; not a date or number):

- a head phrase ("anyworth road", "anyworth signal station": a name word, then a head noun of
  `cues/lowercase_heads.txt` or `cues/street_heads.txt`): the same head after a word one edit
  away, or with the same phonetic key (`phonetic_key`), is the same street or station, even
  when that word is also an ordinary word ("mile road" for "myle road"), since the head
  says what it is;
- a single name word of MIN_LENGTH letters or more: another word of the transcript one edit
  away or with the same phonetic key, and a clipped form (the first CLIP_MIN letters or more
  of a word at least CLIP_REST longer: "alex" for "alexandrina") — when that word is no
  ordinary word of the study's languages (nor a common word the dictionary lacks, Zipf
  COMMON_ZIPF or more in English, unless a listed first name: "podcast"), no country,
  language or people, no stop word, and no listed first name that the name is not ("morag"
  is no spelling of "moray"), nor a word as typed (Zipf ZIPF_A_WORD or more in English, not a
  listed first name: "carer" is no "carver" mistyped; the register's near-spelling line), nor
  the name word's singular or plural ("carer" of "anytown
  carers": the word the name is made of).

Each hit takes the found name's type and canonical form (one pseudonym for both spellings), at
NEAR_CONFIDENCE. Spans already found there are kept.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ..detectors import Span
from ..normalise import view
from ..reference import (
    ZIPF_A_WORD,
    country_names,
    cue_words,
    folded_names,
    is_people,
    languages_and_peoples,
    load_reference,
)
from ..stopwords import ENGLISH_STOP_WORDS

name = "near_mentions"

CONFIDENT = 0.75
NEAR_CONFIDENCE = 0.7
MIN_LENGTH = 5  # shorter words have too many neighbours one edit away
COMMON_ZIPF = 3.5
CLIP_MIN = 4
CLIP_REST = 3
TYPES = {"PERSON", "PLACE", "ORG", "NAME"}
WORD_RE = re.compile(r"(?<![\w'’\-])[^\W\d_]+(?![\w\-]|['’]\w)")

_CODES = {}
for _letters, _code in (("aeiouyhw", ""), ("bfpv", "1"), ("cgjkqsxz", "2"), ("dt", "3"), ("l", "4")):
    for _c in _letters:
        _CODES[_c] = _code
_CODES.update({"m": "5", "n": "5", "r": "6"})
# the first sound, where the spelling hides it ("ch"/"sh", "ph", "kn", "wr", "c" before e/i/y)
_ONSETS = (("sch", "s"), ("ch", "x"), ("sh", "x"), ("ph", "f"), ("kn", "n"), ("wr", "r"), ("wh", "w"))


def phonetic_key(word: str) -> str:
    """A Soundex-like key that also codes the first sound (so "shelby" and "chelbie" share one:
    "x41"), vowels dropped, repeated codes joined. Empty for a word with a non-ASCII letter."""
    w = word.casefold()
    if not w.isascii() or not w.isalpha():
        return ""
    head = w[0]
    for onset, sound in _ONSETS:
        if w.startswith(onset):
            head, w = sound, w[len(onset) - 1 :]
            break
    else:
        if w[0] == "c" and len(w) > 1 and w[1] in "eiy":
            head = "s"
        elif w[0] in "ck":
            head = "k"
        w = " " + w[1:]
    out, last = head, _CODES.get(w[0], "") if w[0] != " " else ""
    for c in w[1:]:
        code = _CODES.get(c, "")
        if code and code != last:
            out += code
        if c not in "hw":
            last = code
    return out


def one_edit(a: str, b: str) -> bool:
    """a and b differ by exactly one inserted, deleted or substituted letter, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i, j = diff
            return a[i] == b[j] and a[j] == b[i]
        return len(diff) == 1
    if len(a) > len(b):
        a, b = b, a
    k = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[k:] == b[k + 1 :]


class NearMentionRule:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        self.ordinary = ordinary
        self.first = folded_names(str(ref))[0]
        heads = {line.partition("\t")[0].strip() for line in cue_words("lowercase_heads", ref)}
        self.heads = heads | {w.casefold() for w in cue_words("street_heads", ref)}
        # countries, languages and peoples are no identifiers, in any spelling ("bhutan")
        self.generic = {view(n).casefold() for n in country_names()} | set(languages_and_peoples())
        self.proper = load_reference(str(ref)).proper
        self._plain_seen: dict[str, bool] = {}
        self._typed_seen: dict[str, bool] = {}
        self._keys: dict[str, str] = {}

    def _plain(self, w: str) -> bool:
        hit = self._plain_seen.get(w)
        if hit is None:
            hit = self._plain_seen[w] = (
                w in ENGLISH_STOP_WORDS
                or self.ordinary(w)
                or w in self.generic
                # a common word no dictionary list holds yet ("podcast", "setup")
                or (w not in self.first and zipf_frequency(w, "en") >= COMMON_ZIPF)
                or is_people(w, self.proper, self.generic)
            )
        return hit

    def _typed_word(self, w: str) -> bool:
        """A word as typed, not a name mistyped: a candidate spelling is held to this lower
        frequency line (a seed, to COMMON_ZIPF: "carver" is a surname word that may seed)."""
        hit = self._typed_seen.get(w)
        if hit is None:
            hit = self._typed_seen[w] = w not in self.first and zipf_frequency(w, "en") >= ZIPF_A_WORD
        return hit

    def _key(self, w: str) -> str:
        key = self._keys.get(w)
        if key is None:
            key = self._keys[w] = phonetic_key(w)
        return key

    def _near(self, w: str, target: str, free: bool) -> bool:
        """w is another spelling of the name word `target` (`free`: ordinary words allowed)."""
        if w == target or (
            not free
            and (self._plain(w) or self._typed_word(w) or (w in self.first and target not in self.first))
        ):
            return False
        if w + "s" == target or target + "s" == w:
            return False  # singular and plural of one noun ("carer" in "Anytown Carers"): a word
        if len(w) >= MIN_LENGTH and len(target) >= MIN_LENGTH:
            if one_edit(w, target):
                return True
            key = self._key(w)
            if key and len(key) >= 3 and key == self._key(target):
                return True
        return not free and len(w) >= CLIP_MIN and len(target) >= len(w) + CLIP_REST and target.startswith(w)

    def apply(self, texts: list[str], found: list[list[Span]], protected=None) -> list[list[Span]]:
        """`found`: the spans of each text of one transcript; returns them with the near
        mentions added (a new list per text). `protected(text)`: the (start, end) ranges the
        allow-lists keep in a text (`Analyzer.protected`), where nothing is added."""
        singles: dict[str, Span] = {}
        phrases: dict[tuple[str, str], Span] = {}
        for text, spans in zip(texts, found, strict=True):
            for s in spans:
                if s.type not in TYPES | {"ADDRESS"} or s.confidence < CONFIDENT:
                    continue
                words = [w.casefold() for w in WORD_RE.findall(view(text[s.start : s.end]))]
                if len(words) >= 2 and words[-1] in self.heads and not self._plain(words[-2]):
                    # a street said with its house number: the street is the place
                    etype = "PLACE" if s.type == "ADDRESS" else s.type
                    street = " ".join(words[-2:])
                    street = Span(s.start, s.end, etype, street, s.detector, 1.0)
                    phrases.setdefault((words[-2], words[-1]), street)
                if s.type not in TYPES:
                    continue
                for w in words:
                    if len(w) >= MIN_LENGTH and not self._plain(w) and w not in self.heads:
                        singles.setdefault(w, s)
        if not singles and not phrases:
            return found
        memo: dict[tuple[str, str], Span | None] = {}

        def phrase_hit(w: str, head: str) -> Span | None:
            key = (w, head)
            if key not in memo:
                memo[key] = next(
                    (s for (nw, h), s in phrases.items() if h == head and self._near(w, nw, free=True)), None
                )
            return memo[key]

        def single_hit(w: str) -> Span | None:
            key = (w, "")
            if key not in memo:
                if len(w) < CLIP_MIN or self._plain(w):
                    memo[key] = None
                else:
                    memo[key] = next((s for t, s in singles.items() if self._near(w, t, free=False)), None)
            return memo[key]

        out = []
        for text, spans in zip(texts, found, strict=True):
            seen = view(text)
            toks = list(WORD_RE.finditer(seen))
            low = [t.group(0).casefold() for t in toks]
            taken = [(s.start, s.end) for s in spans]
            keep = protected(text) if protected is not None else []
            extra = []
            for i, w in enumerate(low):
                a, b, s = toks[i].start(), toks[i].end(), None
                if i + 1 < len(low) and low[i + 1] in self.heads and seen[b : toks[i + 1].start()] == " ":
                    s = phrase_hit(w, low[i + 1])
                    if s is not None:
                        b = toks[i + 1].end()
                if s is None:
                    s = single_hit(w)
                if s is None or any(x < b and a < y for x, y in taken):
                    continue
                if any(x <= a and b <= y for x, y in keep):
                    continue
                taken.append((a, b))
                extra.append(Span(a, b, s.type, s.canonical, "near-mention", NEAR_CONFIDENCE))
            out.append(sorted(spans + extra, key=lambda s: s.start) if extra else spans)
        return out
