"""A first name addressed in a greeting or thanks ("thank you anyname", "hello anyname",
"anyname how are you"), in any case: speech recognition writes the name of the person greeted
in lower case, and the greeting is the evidence (`data/reference/cues/greetings.txt`).

The word must be a listed first name of three letters or more, no stop word, month or never-word;
one that is also an ordinary word ("will", "rose") only capitalised. A single letter after the
name before the greeting goes with it (an initial: "anyname b how are you")."""

from __future__ import annotations

from ..detectors import Span
from ..names import AMBIGUOUS, NEVER
from ..reference import cue_words, folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of

name = "greetings"
CONFIDENCE = 0.75  # replaced where it is said; not spread over the corpus on its own


class GreetingRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.before: set[tuple[str, ...]] = set()
        self.after: set[tuple[str, ...]] = set()
        for line in cue_words("greetings", settings.reference_dir):
            side, _, phrase = line.partition("\t")
            words = tuple(phrase.split())
            if side.strip() == "before" and words:
                self.before.add(words)
            elif side.strip() == "after" and words:
                self.after.add(words)
        self.first = folded_names(str(settings.reference_dir))[0]
        self.ordinary = ordinary
        self.never = {w.casefold() for w in NEVER}
        self._names = WordFilter(self._name)
        self._before_by_length = _by_length(self.before)
        self._after_by_length = _by_length(self.after)
        # the last word of a phrase before a name, the first word of one after it (or after an
        # initial): a name with neither beside it is no greeting's, and its window is not read
        self._last_before = frozenset(p[-1] for p in self.before)
        self._first_after = frozenset(p[0] for p in self.after)

    def _name(self, word: str) -> bool:
        low = word.casefold()
        if len(low) < 3 or low in ENGLISH_STOP_WORDS or low in self.never or low not in self.first:
            return False
        if word[:1].isupper():
            return True
        return not self.ordinary(low) and low not in AMBIGUOUS

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        names = self._names.among(index.distinct)
        if not names:
            return []
        strs, starts, ends = index.words, index.starts, index.ends
        count = len(strs)
        before = max((len(p) for p in self.before), default=0)
        after = max((len(p) for p in self.after), default=0) + 2  # and an initial, and the name

        def joined(i: int, j: int) -> bool:  # words i..j-1 separated by spaces (a comma allowed)
            return all(seen[ends[k] : starts[k + 1]].strip(" ,") == "" for k in range(i, j - 1))

        spans: list[Span] = []
        last_before, first_after = self._last_before, self._first_after
        for i in index.where(names):
            if not (
                (i and strs[i - 1].casefold() in last_before)
                or (i + 1 < count and strs[i + 1].casefold() in first_after)
                or (i + 2 < count and strs[i + 2].casefold() in first_after)
            ):
                continue
            # the words around the name, folded: `low[k - base]` is word k's
            base = max(0, i - before)
            low = [w.casefold() for w in strs[base : i + after]]
            end = i
            # a greeting phrase of n words right before (looked up by length, not one by one)
            hit = any(
                i >= n and tuple(low[i - n - base : i - base]) in phrases and joined(i - n, i + 1)
                for n, phrases in self._before_by_length
            )
            if not hit:
                j = i + 1
                if (
                    j < count
                    and len(low[j - base]) == 1
                    and low[j - base] not in {"i", "a"}
                    and joined(i, j + 1)
                ):
                    j += 1  # an initial
                for n, phrases in self._after_by_length:
                    if tuple(low[j - base : j - base + n]) in phrases and joined(i, j + n):
                        hit, end = True, j - 1
                        break
            if hit:
                a, b = starts[i], ends[end]
                spans.append(Span(a, b, "PERSON", seen[a:b], "context:greeting", CONFIDENCE))
        return spans


def _by_length(phrases: set[tuple[str, ...]]) -> list[tuple[int, frozenset[tuple[str, ...]]]]:
    """The phrases grouped by their number of words, shortest first."""
    out: dict[int, set[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(len(p), set()).add(p)
    return [(n, frozenset(ps)) for n, ps in sorted(out.items())]
