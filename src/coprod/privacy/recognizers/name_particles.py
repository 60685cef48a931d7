"""Names joined by a family-name particle: the particle says the words around it are one
person's name, whether or not any list holds them.

- Gaelic and Arabic particles written apart, between two capitalised words: "Anyname Ní
  Anysurname", "Anyname Nic Anysurname", "Anyname bin Anyname", "Anyname ibn Anyname"
  (`SPACED`: the patronymic and the daughter-of forms of Irish and Scottish Gaelic, and the
  Arabic son-of and daughter-of);
- an Arabic article joined to a capitalised family name by a hyphen, in lower case, right after a
  capitalised word: "Anyname al-Anysurname", "Dr Anyname el-Anysurname" (`JOINED`). Written
  alone ("the al-Anyword channel") or after a lower-case word it stays: the particle alone is no
  evidence of a person.

The span runs from the capitalised word before the particle to the family name after it, with a
chain of such parts ("Anyname bin Anyname al-Anysurname"; there also "Al Anysurname" apart). The
scan is anchored on the particle
words of the text's `TextIndex`.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of, positions

name = "name_particles"
CONFIDENCE = 0.85
# as written and as the folded view reads them (accents stripped: "Ní" is "Ni" there)
SPACED = frozenset({"Ní", "Ni", "Nic", "Mhic", "Uí", "Ui", "bin", "ibn", "bint"})
# the Arabic article written apart and capitalised, read only inside a chain ("bin Anyname Al
# Anysurname"): alone, "Al" is also an English given name or an abbreviation
CHAINED = frozenset({"Al", "El"})
JOINED_RE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ul|ud)-[^\W\d_][^\W\d_'’-]+")
# words a capitalised family name is never: a title, a pronoun or a determiner at a sentence start
_CAP = re.compile(r"[^\W\d_a-z][^\W\d_]*(?:-[^\W\d_][^\W\d_]*)*")


def _capitalised(word: str) -> bool:
    return (
        _CAP.fullmatch(word) is not None and word[0].isupper() and word.casefold() not in ENGLISH_STOP_WORDS
    )


def _particle(word: str) -> bool:
    return word in SPACED or (JOINED_RE.fullmatch(word) is not None and word.split("-", 1)[1][0].isupper())


class NameParticleRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self._particles = WordFilter(_particle)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        found = self._particles.among(index.distinct)
        if not found:
            return []
        starts, ends, strs = index.starts, index.ends, index.words
        spans: list[Span] = []
        for k in positions(strs, found):
            if spans and spans[-1].end > starts[k]:
                continue
            if k < 1 or seen[ends[k - 1] : starts[k]] != " " or not _capitalised(strs[k - 1]):
                continue
            end = k
            if strs[k] in SPACED:
                if (
                    k + 1 >= len(strs)
                    or seen[ends[k] : starts[k + 1]] != " "
                    or not _capitalised(strs[k + 1])
                ):
                    continue
                end = k + 1
            # a chain of further parts: "bin Anyname al-Anysurname"
            while end + 1 < len(strs) and seen[ends[end] : starts[end + 1]] == " ":
                nxt = strs[end + 1]
                if JOINED_RE.fullmatch(nxt) and nxt.split("-", 1)[1][0].isupper():
                    end += 1
                elif (
                    (nxt in SPACED or nxt in CHAINED) and end + 2 < len(strs) and _capitalised(strs[end + 2])
                ):
                    if seen[ends[end + 1] : starts[end + 2]] != " ":
                        break
                    end += 2
                else:
                    break
            a, b = starts[k - 1], ends[end]
            spans.append(Span(a, b, "PERSON", seen[a:b], "context:name-particle", CONFIDENCE))
        return spans
