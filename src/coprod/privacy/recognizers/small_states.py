"""States and territories no larger than a city (`reference.small_states`: Monaco,
Andorra, Liechtenstein, Bermuda …, 1,600 km² or less): "we docked at Monaco", "out in andorra" names
where someone was as narrowly as a town does, so they are places, not countries.

- capitalised, with a word no dictionary of the study's languages holds ("Liechtenstein"): a place;
- capitalised but every word ordinary ("Saint Martin"): only after a locative ("to Saint
  Martin");
- lower case: only when no word is ordinary and the name has five letters or more ("andorra"),
  and not as a modifier: before a lower-case ordinary word ("bermuda shorts", "bermuda grass")
  it names a kind of thing, unless a locative comes before it ("back from bermuda grass
  farming" is still where someone was).
"""

from __future__ import annotations

from ..detectors import Span
from ..normalise import view
from ..reference import small_states
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of
from .world_places import JOINERS, LOCATIVES

name = "small_states"
MAX_WORDS = 6


class SmallStateRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.ordinary = ordinary
        self.names: dict[tuple[str, ...], str] = {}
        for n in small_states():
            words = tuple(view(w).casefold() for w in n.replace(",", " ").split())
            if words and all(w.replace("-", "").isalpha() for w in words):
                self.names[words] = n
        self.first = {k[0] for k in self.names}
        # the words that can start a name, decided once per distinct word: only their
        # positions are visited
        self._starts = WordFilter(lambda w: w.casefold() in self.first)

    def _plain(self, w: str) -> bool:
        return w in ENGLISH_STOP_WORDS or self.ordinary(w)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        firsts = self._starts.among(index.distinct)
        if not firsts:
            return []
        strs, starts, ends = index.words, index.starts, index.ends
        spans: list[Span] = []
        resume = 0
        for i in index.where(firsts):
            if i < resume:
                continue
            low = [w.casefold() for w in strs[i : i + MAX_WORDS]]
            for n in range(len(low), 0, -1):
                key = tuple(low[:n])
                if key not in self.names:
                    continue
                gaps = [seen[ends[k] : starts[k + 1]] for k in range(i, i + n - 1)]
                if any(g != " " for g in gaps):
                    continue
                span = self._judge(seen, starts, ends, strs, i, n)
                if span is not None:
                    spans.append(span)
                    resume = i + n
                break
        return spans

    def _judge(
        self, seen: str, starts: list[int], ends: list[int], strs: list[str], i: int, n: int
    ) -> Span | None:
        main = [w for w in strs[i : i + n] if w.casefold() not in JOINERS]
        if not main:
            return None
        a, b = starts[i], ends[i + n - 1]
        plain = all(self._plain(w.casefold()) for w in main)
        if all(w[:1].isupper() for w in main):
            if any(sum(c.isupper() for c in w) > 1 for w in main):
                return None  # an acronym or product shape
            if not plain:
                return Span(a, b, "PLACE", seen[a:b], "small-state", 0.85)
            prev = strs[i - 1] if i > 0 else ""
            gap = seen[ends[i - 1] : a] if i > 0 else ""
            if prev.casefold() in LOCATIVES and gap == " ":
                return Span(a, b, "PLACE", seen[a:b], "small-state:locative", 0.75)
            return None
        if all(w.islower() for w in main) and not any(self._plain(w) for w in main):
            if sum(len(w) for w in main) >= 5 and not self._modifier(seen, starts, ends, strs, i, n):
                return Span(a, b, "PLACE", seen[a:b], "small-state:lower-case", 0.75)
        return None

    def _modifier(
        self, seen: str, starts: list[int], ends: list[int], strs: list[str], i: int, n: int
    ) -> bool:
        """The name right before a lower-case ordinary word that is no stop word ("bermuda
        shorts"), with no locative right before the name."""
        k = i + n
        if k >= len(strs) or seen[ends[k - 1] : starts[k]] != " ":
            return False
        nxt = strs[k]
        if not nxt.islower() or nxt in ENGLISH_STOP_WORDS or not self.ordinary(nxt):
            return False
        prev = strs[i - 1].casefold() if i > 0 else ""
        return not (prev in LOCATIVES and seen[ends[i - 1] : starts[i]] == " ")
