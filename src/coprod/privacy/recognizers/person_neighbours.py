"""What stands beside a person's name found in the same transcript, and the short forms that
name stands for. A transcript-level rule like `near_mentions` (it reads what the recognizers
found, so it is not in `REGISTRY`), run after it:

- a surname after a one-word first name ("[Name 1] Stanek-Obuya", "[Name 1] Vostrikova's
  team"; at any confidence, the two together are a person at CONFIDENT): the next word in the
  first name's case, no stop word, no country or people, at least one part (of a hyphenated
  word) no ordinary word of the study's languages and, capitalised, rarer than COMMON_ZIPF in
  English ("Germany", "Podcast" are not surnames), in lower case rare in English use
  (`surname_tails.rare_word`);
- a first name before a confident person ("mark [Person 1]", in its case): a listed first
  name (FIRST_BIRTHS births or more), no stop word, even when it is also an ordinary word
  ("rob", "will"), since the surname says it is a person;
- a false start right before a confident name ("vostri- [Person 1]", "Ben- uh [Person 1]"):
  a word cut by a hyphen that begins the name's first word;
- a confident full name's initials of three letters or more ("WSO" or "W.S.O." for
  "Wiktoria Stanek-Obuya": each word's and each hyphenated part's capital), anywhere in the
  transcript; two-letter initials only when given right after the name ("Ilse Marquardt, IM
  we call her", "(IM)"), then anywhere; an identifier that carries a confident full name's
  initials as its prefix ("DK-4471", "DK_4471", "DK 4471", "DK4471" for "Dariusz Kowal"; `ID_RE`) is
  replaced whole as an ID number, and then the two-letter initials alone stand for the person
  too, unless they are a known or computing acronym;
- a clipped first name ("Rob" for "Robert"): a capitalised word of CLIP_MIN letters or more
  that begins the person's first name and is itself a listed first name; or a nickname given
  right after the full name ("Katherine Roe, Kate to everyone"): a listed first name with the
  first name's first two letters, shorter — then each capitalised use in the transcript, but
  not an ordinary word at a sentence start ("Will you ..."), nor a country.

Each hit takes the person's canonical form (one pseudonym), initials and clipped names at
NEIGHBOUR_CONFIDENCE. Found in each text on their own: dotted initials acting as a person
("R.T. said", "R.T.'s team": `DOTTED_RE`, a reporting verb or a possessive after them; not
"U.S."); a name at a sentence start in apposition to a role ("Quarendon, our COO, ...":
`APPOSITION_RE`, the name no ordinary or common word, the role an acronym, a people or role
word or an agent noun); a lower-case employer ("anyword systems": `LOWER_FIRM_RE`, a word rare
in English and no ordinary word before a company-form head) and its distinctive word alone
anywhere in the transcript; a listed first name that is also a month or word at a sentence start
before "from the ... team" and a verb ("June from the data team said": `FROM_TEAM_RE`); and a
firm named after people ("Quarendon-Blyth & Partners", "Morrow & Sons":
`FIRM_RE`, a name with a part no ordinary word). Spans already found are kept; nothing is
added inside what the allow-lists keep.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ..detectors import Span
from ..normalise import view
from ..reference import country_names, cue_words, first_name_births, languages_and_peoples, load_reference
from ..stopwords import ENGLISH_STOP_WORDS
from .surname_tails import rare_word

name = "person_neighbours"

CONFIDENT = 0.75
NEIGHBOUR_CONFIDENCE = 0.7
FIRST_BIRTHS = 100  # a listed first name given to at least this many babies
CLIP_MIN = 3
COMMON_ZIPF = 3.5  # a capitalised word this common in English is no surname ("Germany", "Podcast")
TYPES = {"PERSON", "NAME"}
DETECTOR = "person-neighbour"

_L = r"[^\W\d_]"
NEXT_WORD_RE = re.compile(rf" ({_L}+(?:-{_L}+)*)(?=['’]s(?!\w)|[^\w'’\-]|$)")
PREV_WORD_RE = re.compile(rf"(?<![\w'’\-])({_L}+) $")
FALSE_START_RE = re.compile(rf"(?<![\w'’\-])({_L}{{2,}})-[ \t]+(?:(?:um|uh|er|erm|ah)[ \t,]+)?$", re.I)
# a short form given right after the full name: "Alasdair Roe, Ali to everyone", "(TB)", ", TB we call him"
APPOSED_RE = re.compile(
    rf",? \(?({_L}+)\)?(?=[,;)]| to (?:everyone|everybody|all|us|most|friends)| for short"
    r"| (?:as )?(?:we|they|everyone|people) calls?(?!\w))"
)
WORD_RE = re.compile(rf"(?<![\w'’\-]){_L}+(?![\w\-])")
# Dotted initials acting as a person: "J.B. said", "J.B.'s team" (not "U.S."-like places).
VERBS = (
    "said|says|told|tells|asked|asks|thinks|thought|wants|wanted|reckons|reckoned|wrote|writes"
    "|mentioned|suggested|decided|replied|explained|agreed|emailed|rang|called|insisted|argued"
)
DOTTED_RE = re.compile(rf"(?<![\w.])((?:[A-Z]\.){{2,3}})(?=['’]s(?!\w)| (?:{VERBS})(?!\w))")
NOT_INITIALS = {"US", "UK", "EU", "UN", "USA", "USSR", "DC", "LA", "NY", "NZ", "AM", "PM", "AD", "BC"}
# A firm named after people: capitalised names (hyphenated or two), then "& Partners".
_CAP = r"[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)*"
FIRM_RE = re.compile(
    rf"(?<![\w'’\-])((?:{_CAP} (?:and |& )?)?{_CAP}) (?:&|and) "
    r"(?:Partners|Associates|Sons|Daughters|Co\.?|Company)(?![\w])"
)


# A name at a sentence start in apposition to a described role: "Anyword, our CFO, said",
# "Anyword, my line manager, ..." (the role: an acronym, or a word for a person of
# `cues/role_labels.txt`, `cues/people_nouns.txt`, `cues/kin_words.txt`, or an agent noun).
APPOSITION_RE = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=[.!?]\u201d )|(?<=\bbut )|(?<=\band ))([A-Z][a-z]+(?:-[A-Z][a-z]+)?), "
    r"(?:our|my|your|their|his|her|the) ((?:[a-z\-]+ ){0,2}(?:[A-Z]{2,4}|[a-z]+)),"
)
AGENT_RE = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|ant|ent|ee)")
# A listed first name that is also a month, a place or a word, said as a person: "Anyname from
# the data team said", at a sentence start, a team or department and a reporting verb after it.
FROM_TEAM_RE = re.compile(
    rf"(?:^|(?<=[.!?] )|(?<=\bbut )|(?<=\band ))([A-Z][a-z]+) from (?:the|our|my|their) "
    rf"(?:[\w\-]+ ){{0,3}}(?:team|department|dept|office|lab|unit|group|ward|service|side|desk|squad)"
    rf" (?:{VERBS}|was|is|has|had|did|does)(?!\w)"
)

# An employer in lower-case speech: a word rare in English and no ordinary word, then a
# company-form head ("anyword systems", "anyword ltd"); its distinctive word alone elsewhere in
# the transcript ("at anyword") is the same employer.
COMPANY_HEADS = (
    "systems|solutions|technologies|software|analytics|labs|consulting|consultancy|holdings"
    "|ventures|enterprises|ltd|limited|plc|inc|llp"
)
LOWER_FIRM_RE = re.compile(rf"(?<![\w'’\-])([a-z]{{4,}}) (?:{COMPANY_HEADS})(?![\w\-])")


# an identifier prefixed by a person's initials: a ticket, a record, a handle number ("DK-4471")
ID_TAIL = r"[-_# ]?\d{2,}(?![\w])"  # "_" reads as a space in the folded view


def initials(words: list[str]) -> str:
    """The capitals of each word and each part of a hyphenated word ("JKO")."""
    return "".join(p[0] for w in words for p in w.split("-") if p[:1].isalpha())


class PersonNeighbourRule:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.ordinary = ordinary
        self.births = first_name_births(str(settings.reference_dir))
        self.countries = {view(n).casefold() for n in country_names()}
        self.generic = self.countries | set(languages_and_peoples())
        ref = str(settings.reference_dir)
        self.people_words = frozenset().union(
            *(cue_words(n, ref) for n in ("role_labels", "people_nouns", "kin_words"))
        )
        known = {a.casefold() for a in cue_words("known_acronyms", ref)}
        self.acronyms = known | load_reference(ref).acronyms

    def _plain(self, w: str) -> bool:
        low = w.casefold()
        return low in ENGLISH_STOP_WORDS or self.ordinary(low)

    def _first_name(self, w: str) -> bool:
        low = w.casefold()
        return low not in ENGLISH_STOP_WORDS and self.births.get(low, 0) >= FIRST_BIRTHS

    def _surname_word(self, p: str) -> bool:
        """A capitalised word that may be a surname: no ordinary or common word, no country."""
        low = p.casefold()
        return not self._plain(p) and low not in self.generic and zipf_frequency(low, "en") < COMMON_ZIPF

    def _surname(self, w: str, capital: bool) -> bool:
        parts = w.split("-")
        if any(p[0].isupper() != capital or p.casefold() in ENGLISH_STOP_WORDS for p in parts):
            return False
        if any(p.casefold() in self.generic for p in parts):
            return False
        if capital:
            return any(
                len(p) >= 2 and not self._plain(p) and zipf_frequency(p.casefold(), "en") < COMMON_ZIPF
                for p in parts
            )
        return any(not self._plain(p) and rare_word(p.casefold()) for p in parts)

    def _grow(self, text: str, seen: str, s: Span, taken) -> Span:
        """The name with a surname after it or a first name before it."""
        start, end = s.start, s.end
        one_word = " " not in seen[start:end].strip()
        if one_word and s.type in TYPES:
            m = NEXT_WORD_RE.match(seen, end)
            if m and self._surname(m.group(1), seen[start].isupper()):
                if not any(x < m.end() and m.start(1) < y for x, y in taken if (x, y) != (s.start, s.end)):
                    end = m.end()
        if s.type == "PERSON" and s.confidence >= CONFIDENT or end != s.end:
            m = PREV_WORD_RE.search(seen, 0, start)
            if m and self._first_name(m.group(1)) and m.group(1)[0].isupper() == seen[start].isupper():
                if not any(x < start and m.start(1) < y for x, y in taken):
                    start = m.start(1)
        if (start, end) == (s.start, s.end):
            return s
        # a first name and a surname beside it are the evidence of a person
        return Span(start, end, "PERSON", text[start:end], DETECTOR, max(s.confidence, CONFIDENT))

    def _grown(self, texts, found, protected):
        """Each text's spans with surnames and first names beside them taken in."""
        grown = []
        for text, spans in zip(texts, found, strict=True):
            seen = view(text)
            taken = [(s.start, s.end) for s in spans]
            keep = protected(text) if protected is not None else []
            out = []
            for s in spans:
                g = self._grow(text, seen, s, taken) if s.type in TYPES else s
                out.append(s if g is not s and any(x <= g.start and g.end <= y for x, y in keep) else g)
            grown.append(out)
        return grown

    def _short_forms(self, texts, grown) -> dict[str, Span]:
        """Initials ("WSO", "TB" given beside the name) and clipped or given first names
        ("Rob", "Ali") -> the confident full name they stand for."""
        forms: dict[str, Span] = {}
        for text, spans in zip(texts, grown, strict=True):
            seen = view(text)
            for s in spans:
                words = seen[s.start : s.end].split()
                if s.type != "PERSON" or s.confidence < CONFIDENT or len(words) < 2:
                    continue
                ini, first = initials(words), words[0]
                if len(ini) >= 3 and ini.isupper() and ini not in NOT_INITIALS:
                    forms.setdefault(ini, s)
                if len(ini) == 2 and ini.isupper() and ini not in NOT_INITIALS:
                    tagged = re.compile(rf"(?<![\w.\-]){ini}{ID_TAIL}")
                    if any(tagged.search(view(t)) for t in texts):  # "DK-4471": the initials carry an id
                        forms.setdefault(f"{ini}#", s)
                        if ini.casefold() not in self.acronyms:
                            forms.setdefault(ini, s)
                if not first[:1].isupper() or first.isupper():  # no clipping "JANE" to "JAN"
                    continue
                for k in range(CLIP_MIN, len(first)):
                    if self._first_name(first[:k]) and first[:k].casefold() not in self.countries:
                        forms.setdefault(first[:k], s)
                m = APPOSED_RE.match(seen, s.end)  # "Alasdair Roe, Ali to everyone", ", TB we call him"
                w = m.group(1) if m else ""
                if not w or w.casefold() in self.countries:
                    continue
                if w[:2] == first[:2] and len(w) < len(first) and self._first_name(w):
                    forms.setdefault(w, s)
                if w == ini and len(w) == 2 and ini not in NOT_INITIALS:
                    forms.setdefault(w, s)
        return forms

    def _lower_firms(self, texts: list[str]) -> dict[str, str]:
        """Distinctive word -> the lower-case employer's name ("anyword" -> "anyword systems")."""
        firms: dict[str, str] = {}
        for text in texts:
            seen = view(text)
            for m in LOWER_FIRM_RE.finditer(seen):
                w = m.group(1)
                if not self._plain(w) and rare_word(w) and w not in self.generic:
                    firms.setdefault(w, text[m.start() : m.end()])
        return firms

    def _hits(self, seen: str, spans: list[Span], forms: dict[str, Span]):
        """(start, end, type, canonical or None for the text itself, confidence) of what this
        text adds."""
        for s in spans:  # a false start right before a name
            if s.type not in TYPES or s.confidence < CONFIDENT or not seen[s.start : s.end].split():
                continue
            m = FALSE_START_RE.search(seen, 0, s.start)
            first = seen[s.start : s.end].split()[0].casefold()
            if m and len(m.group(1)) < len(first) and first.startswith(m.group(1).casefold()):
                yield m.start(1), m.end(1), s.type, s.canonical, s.confidence
        for form in forms:  # identifiers carrying the initials first: replaced whole
            if form.endswith("#"):
                for m in re.finditer(rf"(?<![\w.\-]){form[:-1]}{ID_TAIL}", seen):
                    yield m.start(), m.end(), "ID_NUMBER", None, NEIGHBOUR_CONFIDENCE
        for form, s in forms.items():
            if form.endswith("#"):
                continue
            if form.isupper() and form.isalpha() and len(form) >= 2:  # initials, dotted or not
                # "W.S.O." or "WSO", not the full stop after "WSO."
                dots = r"\.".join(map(re.escape, form))
                dotted = rf"(?:{dots}\.?|{re.escape(form)})"
                for m in re.finditer(rf"(?<![\w.]){dotted}(?![\w])", seen):
                    yield m.start(), m.end(), "PERSON", s.canonical, NEIGHBOUR_CONFIDENCE
                continue
            for m in re.finditer(rf"(?<![\w'’\-]){re.escape(form)}(?![\w\-])", seen):
                before = seen[: m.start()].rstrip()
                if (not before or before[-1] in ".!?:") and self._plain(form):
                    continue  # "Will you ...": an ordinary word at a sentence start
                yield m.start(), m.end(), "PERSON", s.canonical, NEIGHBOUR_CONFIDENCE
        for m in DOTTED_RE.finditer(seen):
            if m.group(1).replace(".", "") not in NOT_INITIALS:
                yield m.start(1), m.end(1), "PERSON", None, NEIGHBOUR_CONFIDENCE
        for m in APPOSITION_RE.finditer(seen):
            w, role = m.group(1), m.group(2).split()[-1]
            if any(not self._surname_word(p) for p in w.split("-")):
                continue
            if role.isupper() or role in self.people_words or AGENT_RE.fullmatch(role):
                yield m.start(1), m.end(1), "PERSON", None, NEIGHBOUR_CONFIDENCE
        for m in FROM_TEAM_RE.finditer(seen):
            if self._first_name(m.group(1)) and m.group(1).casefold() not in self.countries:
                yield m.start(1), m.end(1), "PERSON", None, NEIGHBOUR_CONFIDENCE
        for m in LOWER_FIRM_RE.finditer(seen):
            w = m.group(1)
            if not self._plain(w) and rare_word(w) and w not in self.generic:
                yield m.start(), m.end(), "ORG", None, CONFIDENT
        for m in FIRM_RE.finditer(seen):
            names = re.split(r"[ \-&]+|\band\b", m.group(1))
            if any(w and not self._plain(w) for w in names):
                yield m.start(), m.end(), "ORG", None, CONFIDENT

    def apply(self, texts: list[str], found: list[list[Span]], protected=None) -> list[list[Span]]:
        """`found`: the spans of each text of one transcript; returns them with the neighbours
        added (a new list per text). `protected(text)`: the ranges the allow-lists keep."""
        grown = self._grown(texts, found, protected)
        forms = self._short_forms(texts, grown)
        firms = self._lower_firms(texts)
        result = []
        for text, spans in zip(texts, grown, strict=True):
            taken = [(s.start, s.end) for s in spans]
            keep = protected(text) if protected is not None else []
            extra = []
            seen = view(text)
            hits = list(self._hits(seen, spans, forms))
            for m in re.finditer(r"(?<![\w'’\-])[^\W\d_]+(?![\w\-])", seen) if firms else ():
                canonical = firms.get(m.group(0).casefold())
                if canonical is not None:
                    hits.append((m.start(), m.end(), "ORG", canonical, NEIGHBOUR_CONFIDENCE))
            for a, b, etype, canonical, conf in hits:
                if any(x < b and a < y for x, y in taken) or any(x <= a and b <= y for x, y in keep):
                    continue
                taken.append((a, b))
                extra.append(Span(a, b, etype, text[a:b] if canonical is None else canonical, DETECTOR, conf))
            result.append(sorted(spans + extra, key=lambda s: s.start) if extra else spans)
        return result
