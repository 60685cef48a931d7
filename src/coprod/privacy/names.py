"""Names the register does not know: people, places and organisations found from public
reference lists (data/reference/) plus context, not from a bare deny-list.

Why context: the reference lists are full of ordinary words — "Will", "Hope", "Grace" are
first names, "Back" and "Tong" are settlements — so a list hit alone is weak evidence. The
finder scores each capitalised token run with cues people actually give: a title ("Mrs
O'Hara"), a first name followed by a surname, a locative ("out in Staffin"), an organisation
head noun ("Anytown Community Hub"), Mac/Mc/O' forms, and whether the word is capitalised
where an ordinary word would not be.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import NamedTuple

from wordfreq import zipf_frequency

from .detectors import MONTHS, Span
from .reference import (  # noqa: F401  (re-exported: the audit and the sheet check read them here)
    COMMON_FIRST_NAME,
    REFERENCE_DIR,
    Reference,
    cue_words,
    distinctive_words,
    english_words,
    first_name_births,
    folded_names,
    load_reference,
    world_places,
)
from .stopwords import ENGLISH_STOP_WORDS

# A capitalised first name after "a" is a person introduced ("there was a Ken who …") only when
# it is this rare as a word (wordfreq Zipf: "ken" 4.2, "grace" 4.6, "mark" 5.1, "will" 6.5).
ARTICLE_NAME_MAX_ZIPF = 4.5

# Titles ("Dr", "Mrs") and other languages' honorifics ("Frau", "Señora"): a person follows.
TITLES = set(cue_words("titles")) | set(cue_words("honorifics"))
# Ranks and offices ("Admiral", "Senator"): a person follows only a listed name or no ordinary word.
RANKS = set(cue_words("rank_titles"))
# Initials between a title and a surname: "Dr A.M. Roe", "Mr J. R. T. Roe", "Prof. K.M. Roe",
# "Dr A M Roe" (a capital I without a dot is the pronoun, not an initial).
INITIALS_RE = re.compile(r"\.?[ \t]+(?:[A-Z]\.[ \t]?|[A-HJ-Z][ \t]){1,4}[ \t]*[A-Z][a-z'’][\w'’\-]*")
ORG_HEADS = set(cue_words("org_heads"))
PUBLIC_BODY_HEADS = set(cue_words("public_body_heads"))
PLACE_HEADS = set(cue_words("place_heads"))
# Word endings of ordinary English, not Scottish place names ("Integrated", "Northern").
ENGLISH_SHAPE = re.compile(r"(?:ed|ing|ly|tion|tions|ment|ments|ness|ern|ous|ive|ism|ist|ists|ity|ship)$")
PRODUCTS = set(cue_words("products"))
# Medicine name endings ("-pram", "-pril", "-statin"): "Sertraline", "Citalopram" are no places.
MEDICINE_SUFFIXES = tuple(sorted(cue_words("medicine_suffixes")))
CLINICAL_SUFFIXES = tuple(sorted(cue_words("clinical_suffixes")))
MEDICINES = {m.casefold() for m in cue_words("medicines")}
# Acronyms that are part of the field's vocabulary, not names of local organisations.
KNOWN_ACRONYMS = set(cue_words("known_acronyms"))
LOCATIVES = set(cue_words("locatives"))
PERSON_CUES_AFTER = set(cue_words("person_cues_after"))
# of those, the words a place takes too ("Anytown is", "Anytown and"): no cue for a state's name
SHARED_CUES_AFTER = frozenset(cue_words("shared_cues_after"))
PERSON_CUES_BEFORE = set(cue_words("person_cues_before"))
# Verbs of saying and thinking that open a clause ("said Hope springs eternal"): the word after
# one is read like a sentence's first word
CLAUSE_VERBS = frozenset(cue_words("clause_verbs"))
# Capitalised words that are never identifiers on their own.
NEVER = {*cue_words("never_names"), *MONTHS}
AMBIGUOUS = set(cue_words("ambiguous_first_names"))
TOKEN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ][\w'’\-]*|[.!?:;\"“”‘(\[\]\n]|(?<=\s)[-–—](?=\s)|^[-–—]")
MAC_RE = re.compile(r"^(?:Mac|Mc|O['’]|Nic|Ni['’]?)[A-ZÀ-Þ][a-zà-ÿ]+")


class Tok(NamedTuple):
    text: str
    start: int
    end: int
    sent_start: bool


# Tok((text, start, end, sent_start)) without the named tuple's Python-level __new__ (the
# window of every capitalised word builds a few)
_tok = partial(tuple.__new__, Tok)


# (the look-behind follows the capital, so a scan skips straight to the next capital)
CAP_RE = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w'\-][A-ZÀ-ÖØ-Þ])[\w'’\-]*")
CONNECTORS = {"of", "and", "for", "the", "na", "nan", "an", "a'"}
MAYBE, NEVER_STARTS, COMMON_WORD = 0, 1, 2
BIG_PLACE = 50_000  # people: a first name that is also a town this big may be the town
WINDOW = 120  # characters after a capitalised word: enough for "Royal Anytown University Hospital"


def _prev_word(text: str, start: int) -> Tok | None:
    """The word before `start` (skipping spaces and commas), unless a sentence ends between."""
    j = start - 1
    while j >= 0 and text[j] in " ,":
        j -= 1
    end = j + 1
    while j >= 0 and (text[j].isalnum() or text[j] in "'-_"):
        j -= 1
    if end - (j + 1) <= 0 or not text[j + 1].isalpha():
        return None
    return _tok((text[j + 1 : end], j + 1, end, False))


def _ends_between(text: str, start: int, end: int) -> bool:
    """Whether a sentence or a text (a turn of a joined batch) ends between two words."""
    return SENTENCE_BREAK_RE.search(text, start, end) is not None


def _starts_sentence(text: str, start: int) -> bool:
    """True at the start of the text or after . ! ? : a quote, a bracket or a spaced dash."""
    j = start - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j < 0:
        return True
    ch = text[j]
    if ch in '.!?:"“”‘([]\n\x00':
        return True
    return ch in "-–—" and (j == 0 or text[j - 1] == " ")


def tokenize(text: str) -> list[Tok]:
    """Word tokens with a flag for 'first word of a sentence' (after . ! ? : or at the start)."""
    toks, boundary = [], True
    append = toks.append
    for m in TOKEN_RE.finditer(text):
        w = m.group(0)
        if not w[0].isalpha():
            boundary = w != ";"  # a quote, bracket or dash starts a new utterance too
            continue
        append(_tok((w, m.start(), m.end(), boundary)))
        boundary = False
    return toks


def _base(word: str) -> str:
    """Strip a possessive: "Ailsa's" -> "Ailsa"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _cap(word: str) -> bool:
    return word[:1].isupper()


# An acronym is an organisation when it is used as one: an agent or a partner.
ORG_CUES_BEFORE = set(cue_words("org_cues_before"))
# kinship words stand for a person without naming one ("my Gran", "to Dad"): no proper noun
KIN_WORDS = frozenset(cue_words("kin_words"))
PEOPLE_WORDS = KIN_WORDS | frozenset(cue_words("people_nouns")) | frozenset(cue_words("role_labels"))
JOINED_BEFORE_RE = re.compile(r"(?<![\w'’-])([a-z]+) (?:and|or) $")
JOINED_AFTER_RE = re.compile(r" (?:and|or) ([a-z]+)(?![\w'’-])")
# a sentence's end, or a text's in a joined batch (a new line, the separator's NUL)
SENTENCE_BREAK_RE = re.compile(r"[.!?\n\x00]")
HELD_LETTER_RE = re.compile(r"([^\W\d_])\1\1", re.IGNORECASE)
# A word of four letters or more with no vowel letter ("Hmmph", "Pfft", "Tsch") is a sound, not
# a name (y and w count as vowels: "Llwyd", "Cwm"; "Ng" is too short to be judged; an acronym in
# capitals, "GVCQ", is judged by the acronym rules)
VOWELS = frozenset("aeiouyw")


def _voiceless(word: str) -> bool:
    """A sound: four letters or more, no vowel, not in capitals (an acronym: "GVCQ")."""
    return (
        len(word) >= 4
        and word.isalpha()
        and not word.isupper()
        and not VOWELS & set(unicodedata.normalize("NFKD", word.lower()))
    )


ORG_CUES_AFTER = set(cue_words("org_cues_after"))
TITLES_LOWER = {t.lower() for t in TITLES}
# The shape of a word for someone's role ("Leader", "Director", "Therapist", "Assistant")
ROLE_SHAPE = re.compile(r"..(?:er|or|ist|ant|ent|ian|ee)$")
# a determiner before a job title of ordinary words ("the Link Worker"), not before a person's name
DETERMINERS = frozenset({"the", "a", "an", "our", "my", "your", "their", "his", "her", "this", "that"})
PRODUCT_SHAPE = re.compile(r"^.[^\W\d_]*[a-z][A-Z]|^[A-Z]{2,}[a-z]|-[a-z]|[a-z]-|\d")


class NameFinder:
    """Context rules over capitalised tokens; see the module docstring."""

    def __init__(
        self,
        ref: Reference,
        common_words: set[str],
        allow: set[str] = frozenset(),
        ref_dir: str = str(REFERENCE_DIR),
    ) -> None:
        self.ref = ref
        self.ref_dir = ref_dir
        self.common = {w.lower() for w in common_words} | set(ENGLISH_STOP_WORDS) | AMBIGUOUS
        self.allow = ref.allow | {a.casefold() for a in allow}
        self.allow_len = max((len(a.split()) for a in self.allow), default=1)
        # first words of listed phrases: most capitalised tokens start none and skip the lookups
        self.allow_first = {a.split()[0] for a in self.allow if a.split()}
        self.allow_first |= {a.split()[1] for a in self.allow if a.startswith("the ") and len(a.split()) > 1}
        self.allow_first.discard("the")  # "The National Care Service" is protected from "National" on
        self.gaz_first = {g.split()[0] for g in ref.gazetteer}
        # first words of technology terms: most capitalised tokens start none
        self.tech_first = {w.split()[0] for w in ref.tech} | {_base(w.split()[0]) for w in ref.tech}
        self._kind: dict[str, int] = {}
        self.extra_ordinary = None  # ordinary words of the study's other languages (a predicate)
        self._word_facts: dict[str, tuple[str, str, bool, bool, bool, bool]] = {}
        self._dead: dict[str, bool] = {}
        self._births: dict[str, int] | None = None  # first name -> births, read when first asked

    def _rare_first(self, word: str) -> bool:
        """A first name given fewer than COMMON_FIRST_NAME times (the name lists' births) and not
        one of the curated ambiguous names (`cues/ambiguous_first_names.txt`: "Will", "Hope")."""
        if self._births is None:
            self._births = first_name_births(self.ref_dir)
        low = word.lower()
        return low not in AMBIGUOUS and self._births.get(low, 0) < COMMON_FIRST_NAME

    def is_common(self, word: str) -> bool:
        return _base(word).lower() in self.common

    def _phrase(self, text: str, toks: list[Tok], i: int, n: int) -> str:
        ph = text[toks[i].start : toks[i + n - 1].end]
        return " ".join(ph.split()) if "  " in ph or "\n" in ph or "\t" in ph else ph

    def find(self, text: str) -> list[Span]:
        """Decide at each capitalised word; only a small window of tokens around it is built,
        because most words in an interview are lower case and can start nothing."""
        text = text.replace("’", "'")  # same length: positions stay valid
        spans: list[Span] = []
        done = 0
        size = len(text)
        kinds, dead = self._kind, self._dead
        for m in CAP_RE.finditer(text):
            start = m.start()
            if start < done:
                continue
            word = m.group(0)
            kind = kinds.get(word)
            if kind is None:
                kind = kinds[word] = self._word_kind(word)
            sent_start = None
            if kind != MAYBE:
                end = m.end()
                followed_by_cap = end + 1 < size and text[end] == " " and text[end + 1].isupper()
                if not followed_by_cap:
                    if kind == NEVER_STARTS:
                        continue
                    sent_start = _starts_sentence(text, start)
                    if sent_start:
                        continue
            solo_dead = dead.get(word)
            if solo_dead is None:
                solo_dead = self._solo_dead(word)
            if solo_dead and self._alone(text, m.end()):
                continue  # "I", "A" with no capitalised word or connector after: never a name
            if sent_start is None:
                sent_start = _starts_sentence(text, start)
            prev = _prev_word(text, start)
            toks = [prev] if prev else []
            i = len(toks)
            boundary = sent_start
            for t in TOKEN_RE.finditer(text, start, min(size, start + WINDOW)):
                w = t.group(0)
                if not w[0].isalpha():
                    boundary = w != ";"
                    continue
                toks.append(_tok((w, t.start(), t.end(), boundary)))
                boundary = False
                if not w[0].isupper() and w not in CONNECTORS:
                    break  # the capitalised run is over; this word is the cue ("Bill drove")
            if len(toks) == i:
                continue  # no word here: the match was a sign in the capitals' range ("×")
            if len(toks) > i + 1 and toks[-1].end == start + WINDOW:
                toks.pop()  # a word cut by the window edge
            n = self._at(text, toks, i, spans)
            done = toks[i + max(n, 1) - 1].end

        return spans

    def _solo_dead(self, word: str) -> bool:
        """Whether `_at` finds nothing at this word when its capitalised run is the word alone
        (see `_at`: the allow-list and technology steps return without a span; with no second
        word no organisation, place-head, title or full-name rule applies): a never-name ("I",
        "A"), or a common word ("The", "So") that is no gazetteer entry, acronym, title, rank,
        first name or Mac/Mc/O' name. Decided once per distinct word."""
        dead = self._dead.get(word)
        if dead is None:
            dead = self._dead[word] = self._decide_dead(word)
        return dead

    def _decide_dead(self, word: str) -> bool:
        if not word[0].isalpha():
            return False  # "×" is no token: the window would start at another word
        base, _, _, _, _, never = self._facts(word)
        if never:
            return True
        if self.ref.gazetteer.get(word) or self.ref.gazetteer.get(base):
            return False
        if (word.isupper() and len(word) > 1) or base in TITLES or word in RANKS or MAC_RE.match(base):
            return False
        first = base in self.ref.first_names or (
            "-" in base and all(p in self.ref.first_names for p in base.split("-"))
        )
        if base.lower() in ENGLISH_STOP_WORDS and base.lower() not in AMBIGUOUS:
            first = False
        return not first and self.is_common(base)

    @staticmethod
    def _alone(text: str, end: int) -> bool:
        """Whether the capitalised word ending at `end` is surely its run alone (`_cap_run`):
        the next word is not right after one character, or it is neither capitalised nor a
        connector."""
        if end + 1 >= len(text):
            return True
        nxt = TOKEN_RE.match(text, end + 1)
        if nxt is None or not nxt.group(0)[0].isalpha():
            return True
        w = nxt.group(0)
        return not w[:1].isupper() and w not in CONNECTORS

    def _word_kind(self, word: str) -> int:
        """How a capitalised word can matter, decided once per distinct word: MAYBE (a list or
        rule could use it), NEVER_STARTS ("I", "Okay"), or COMMON_WORD (only mid-sentence)."""
        base = _base(word)
        if base in self.gaz_first or word.casefold() in self.allow_first or base in TITLES:
            return MAYBE
        acronym = word.isupper() and len(base) >= 3 and base.isalpha() and base not in KNOWN_ACRONYMS
        if base in self.ref.first_names or MAC_RE.match(base) or acronym:
            return MAYBE
        if base in NEVER or word.isupper():
            return NEVER_STARTS
        return COMMON_WORD if self.is_common(base) else MAYBE

    def _facts(self, word: str) -> tuple[str, str, bool, bool, bool, bool]:
        """What the lists say of one capitalised word, decided once per distinct word:
        (base, folded, may start a technology term, technology-ambiguous, ordinary, never)."""
        facts = self._word_facts.get(word)
        if facts is None:
            base = _base(word)
            folded = base.casefold()
            # a computing acronym only as written in capitals ("ANN" the network, not Ann)
            tech_weak = folded in self.ref.tech_ambiguous or (word.isupper() and folded in self.ref.acronyms)
            # a capitalised ordinary English word ("the Data Factory", "Statistics") is weak
            # evidence of nothing: the weak rules (locative, proper noun) leave it alone; nor
            # are product shapes: an inner capital ("PagerDuty", "JPMorgan"; Mac/Mc/O' names
            # aside) or a hyphen joining a lower-case part ("X-ray")
            ordinary = (
                (self.extra_ordinary is not None and self.extra_ordinary(folded))
                or folded in self.ref.english
                or (folded.endswith("s") and folded[:-1] in self.ref.english)
                or bool(PRODUCT_SHAPE.search(base) and not MAC_RE.match(base))
                or self.is_medicine(folded)
                or self.is_clinical(folded)
            )
            # "C I C D": letters, not people; "Tuesdays" as "Tuesday"
            # "Mmmm", "Hmmm", "Sooo": a letter held three times is a sound or a stretched word;
            # "Hmmph", "Pfft": no vowel, a sound
            never = (
                base in NEVER
                or len(base) == 1
                or (base.endswith("s") and base[:-1] in NEVER)
                or HELD_LETTER_RE.search(base) is not None
                or _voiceless(base)
            )
            facts = (base, folded, folded in self.tech_first, tech_weak, ordinary, never)
            self._word_facts[word] = facts
        return facts

    # one decision per position; returns how many tokens were consumed
    def _at(self, text: str, toks: list[Tok], i: int, spans: list[Span]) -> int:
        t = toks[i]
        if not _cap(t.text):
            return 1
        # 1. allow-list phrases (national bodies, eponymous terms, keep list) are protected
        first_fold = t.text.casefold()
        allow_n = (
            min(self.allow_len, len(toks) - i)
            if (
                first_fold in self.allow_first or first_fold == "the" or _base(first_fold) in self.allow_first
            )
            else 0
        )
        for n in range(allow_n, 0, -1):
            ph = self._phrase(text, toks, i, n)
            folded_ph = ph.casefold()
            if folded_ph in self.allow or _base(ph).casefold() in self.allow:
                return n
            if n > 1 and folded_ph.startswith("the ") and folded_ph[4:] in self.allow:
                return n
        prev = toks[i - 1].text.lower() if i > 0 else ""
        base, folded, tech_first, tech_weak, ordinary, never = self._facts(t.text)
        # 1b. technology vocabulary ("Azure", "Power BI", "XML", "scikit-learn") is no name unless
        # a title says so ("Dr Azure" would be a person)
        if tech_first and prev not in TITLES_LOWER:
            for n in range(min(self.ref.tech_len, len(toks) - i), 0, -1):
                ph = self._phrase(text, toks, i, n).casefold()
                if ph in self.ref.tech or _base(ph) in self.ref.tech:
                    return n
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        run = self._cap_run(toks, i)
        # 2. a run of capitalised words ending in an organisation head noun ("Anytown Community Hub")
        org_n = 0
        if len(run) > 1 and t.text not in TITLES:
            org_n = next((n for n in range(len(run), 1, -1) if self._org_head(toks, i, n)), 0)
            if (
                org_n
                and t.sent_start
                and self.is_common(t.text)
                and (org_n < 3 or not _cap(toks[i + 1].text))
            ):
                org_n = 0  # "If the National Care Service": a sentence-initial word is no name
        # 3. gazetteer phrases, longest first ("NHS Anyboard", "Anyshire", "Anyvillage")
        gaz = None
        gaz_n = min(self.ref.max_len, len(run)) if (t.text in self.gaz_first or base in self.gaz_first) else 0
        for n in range(gaz_n, 0, -1):
            ph = self._phrase(text, toks, i, n)
            hit = self.ref.gazetteer.get(ph) or self.ref.gazetteer.get(_base(ph))
            if not hit:
                continue
            if n == 1:
                if t.text in self.ref.first_names and prev not in LOCATIVES:
                    break  # "Ewan said" — let the person rules decide
                if (self.is_common(t.text) or tech_weak) and prev not in LOCATIVES:
                    continue  # "Slack" the product, not Slack the place
            gaz = (n, *hit)
            break
        if never and not (gaz and gaz[0] > 1) and org_n < 2:
            return 1
        place_n = 0
        if (
            not (t.sent_start and self.is_common(t.text))
            and len(run) > 1
            and _base(run[-1].text) in PLACE_HEADS
        ):
            place_n = len(run)  # "Anytown Park", "the Anytown estate" is lower case and not taken
        if place_n > max(org_n, gaz[0] if gaz else 0):
            spans.append(self._span(text, toks, i, place_n, "PLACE", "context:place-head", 0.7))
            return place_n
        if gaz and gaz[0] >= org_n:
            spans.append(self._span(text, toks, i, gaz[0], gaz[1], "gazetteer", gaz[2]))
            return gaz[0]
        if org_n:
            spans.append(self._span(text, toks, i, org_n, "ORG", "context:org-head", 0.8))
            return org_n
        if t.text.isupper() and len(t.text) > 1:
            # an unknown acronym is most often a local organisation ("GCVS", "DVVA") — unless it
            # modifies the next word ("ADT messages", "UPRN lookup"), as technical terms do
            word = _base(t.text)
            after = nxt.text if nxt is not None and nxt.start - t.end <= 1 else ""
            modifier = bool(after) and after.islower() and after not in ENGLISH_STOP_WORDS
            if (
                3 <= len(word) <= 6
                and word.isalpha()
                and word not in KNOWN_ACRONYMS
                and not self.is_common(word)
                and not tech_weak
                and not modifier
                and (prev in ORG_CUES_BEFORE or after.lower() in ORG_CUES_AFTER)
                and not self._joined_to_word(text, t.start, t.end)
            ):
                # used as an organisation somewhere ("with GCVS", "GCVS were great"): confident,
                # so corpus-wide propagation replaces its other mentions too
                spans.append(self._span(text, toks, i, 1, "ORG", "context:acronym", 0.8))
            return 1
        # 4. title + name: "Mrs O'Brien", "Dr Jane Roe", "Councillor Bloggs"; with initials
        # between ("Dr A.M. Roe"), the initials and the surname
        initials = INITIALS_RE.match(text, t.end) if base in TITLES else None
        if initials is not None:
            end = initials.end()
            if text[end - 2 : end] in ("'s", "’s"):
                end -= 2
            n = sum(1 for k in range(i, len(toks)) if toks[k].start < end)
            spans.append(Span(t.start, end, "PERSON", text[t.start : end], "context:title", 0.95))
            return n
        # stacked titles, each abbreviation with or without its period: "Frau Dr. Anyname",
        # "Herr Prof. Dr. Anyname", "Mrs Dr Anyname": the name after the last title
        if base in TITLES and nxt is not None and _base(nxt.text) in TITLES and _cap(nxt.text):
            m = i + 1
            while m < len(toks) and _base(toks[m].text) in TITLES and _cap(toks[m].text):
                m += 1
                if m < len(toks) and toks[m].text == "." and toks[m].start == toks[m - 1].end:
                    m += 1
            end = m
            while end < min(len(toks), m + 3) and _cap(toks[end].text) and toks[end].text not in NEVER:
                if end > m and toks[end].start - toks[end - 1].end > 1:
                    break
                end += 1
            if end > m:
                spans.append(self._span(text, toks, i, end - i, "PERSON", "context:title", 0.95))
                return end - i
        if base in TITLES and nxt is not None and _cap(nxt.text) and nxt.text not in NEVER:
            if self._job_word(_base(nxt.text)) and _base(nxt.text) not in self.ref.surnames:
                return 2  # "Nurse Practitioner", "Nurse Specialist": a job title, not Nurse Anyname
            n = 2
            while n < 4 and i + n < len(toks) and _cap(toks[i + n].text) and toks[i + n].text not in NEVER:
                if toks[i + n].start - toks[i + n - 1].end > 1:
                    break
                n += 1
            spans.append(self._span(text, toks, i, n, "PERSON", "context:title", 0.95))
            return n
        # 4b. rank or office + name: "Admiral Tregarthen", "Senator Ada Okafor" — not "Justice
        # Department" or "the Mayor's Office" (an ordinary word after it that is no listed name)
        if t.text in RANKS and nxt is not None and nxt.start - t.end <= 1 and self._ranked(nxt.text):
            n = 2
            while n < 3 and i + n < len(toks) and toks[i + n].start - toks[i + n - 1].end <= 1:
                if not self._ranked(toks[i + n].text):
                    break
                n += 1
            spans.append(self._span(text, toks, i, n, "PERSON", "context:title", 0.9))
            return n
        # 5. first name (+ surname)
        word = base
        first = word in self.ref.first_names or (
            "-" in word and all(p in self.ref.first_names for p in word.split("-"))
        )
        mac = bool(MAC_RE.match(word))
        if word.lower() in ENGLISH_STOP_WORDS and word.lower() not in AMBIGUOUS:
            first = False  # "My", "Can": stop words first, names hardly ever
        if first or mac:
            n = 1
            # "Ada", "Claude": languages, models; "Crew", "Storm": English words (SCOWL) that
            # are also rare first names — a name there only with the cues below, not at a
            # sentence start ("Crew safety training…" was 155 replacements in a fisheries study)
            common_first = (
                self.is_common(word)
                or tech_weak
                or word.lower() in self.ref.english
                or (self.extra_ordinary is not None and self.extra_ordinary(word.lower()))
            )
            while (
                i + n < len(toks)
                and n < 3
                and _cap(toks[i + n].text)
                and toks[i + n].text not in NEVER
                and toks[i + n].start - toks[i + n - 1].end <= 1
                # a product's shape ("WhatsApp", "iPhone") is no surname
                and not (PRODUCT_SHAPE.search(toks[i + n].text) and not MAC_RE.match(toks[i + n].text))
                and (
                    MAC_RE.match(toks[i + n].text)
                    or (not common_first and _base(toks[i + n].text) in self.ref.surnames)
                    or not self.is_common(toks[i + n].text)
                )
                # a word-like first name before a word of another study language that no list
                # holds as a surname ("La Societe" in French) is two words, not a full name
                and not (
                    common_first
                    and self.extra_ordinary is not None
                    and self.extra_ordinary(_base(toks[i + n].text).lower())
                    and _base(toks[i + n].text) not in self.ref.surnames
                )
                and self._phrase(text, toks, i + n, 1).casefold() not in self.allow
            ):
                n += 1
            if n > 1 and _base(toks[i + n - 1].text) in PUBLIC_BODY_HEADS:
                # "the Anyname Department": an organisation named after someone, not a person
                spans.append(self._span(text, toks, i, n, "ORG", "context:org-head", 0.8))
                return n
            if n == 2 and common_first and prev in DETERMINERS and self._job_word(_base(toks[i + 1].text)):
                return n  # "the Link Worker", "our Support Officer": a job title of ordinary words
            if n > 1:
                spans.append(self._span(text, toks, i, n, "PERSON", "context:full-name", 0.9))
                return n
            if mac:
                spans.append(self._span(text, toks, i, 1, "PERSON", "context:prefixed-surname", 0.85))
                return 1
            if not common_first:
                # a first name that is also a state or a large town ("Nevada", "Brooklyn"): a
                # place after a locative, a person with a person cue, else a neutral name
                etype = self._name_or_place(word, prev, nxt.text.lower() if nxt is not None else "")
                spans.append(self._span(text, toks, i, 1, etype, "names:first-name", 0.8))
                return 1
            # ambiguous words ("Will", "Hope", "Bill"): capitalised mid-sentence, or a cue; the
            # word after it is a cue only in its sentence ("in Julia. Will it…": a new sentence,
            # or the next speaker's turn, starts with "Will")
            after = nxt.text.lower() if nxt is not None and not _ends_between(text, t.end, nxt.start) else ""
            joined = nxt is not None and nxt.start - t.end <= 1 and _cap(nxt.text)
            if t.sent_start and not joined and self._rare_first(word):
                # a sentence start is no capital: an ordinary word that is only a rare first
                # name ("Lady was lovely", "Rain is worse") is the word, whatever verb follows
                # (not when a capitalised word follows: "Cherry Ward is" may be a name)
                return 1
            if after == "of" and nxt.start - t.end <= 1:
                return 1  # "Lord of the Manor", "Grace of God": a title or a phrase, no person
            if after not in PERSON_CUES_AFTER and self._ends_phrase(text, toks, i):
                return 1  # "the Coastal Navy", "the History Channel": a title-cased phrase
            cue = after in PERSON_CUES_AFTER or prev in PERSON_CUES_BEFORE or t.text.endswith(("'s", "’s"))
            # after a verb of saying, with a lower-case word right after it, the word opens a
            # reported clause ("said Hope springs eternal"): as at a sentence start, a person
            # only with a cue ("said Hope was coming"); "…,' said Hope." opens no clause
            opens = t.sent_start or (
                prev in CLAUSE_VERBS
                and nxt is not None
                and nxt.start - t.end == 1
                and text[t.end] == " "
                and nxt.text[:1].islower()
                and not nxt.sent_start
            )
            # after "a"/"an" only before "who" or "was" ("there was a Ken who …"), and only a
            # name rarer as a word than "Will", "Mark" or "Grace" ("a Will was drawn up")
            introduced = (
                prev in {"a", "an"}
                and after in {"who", "was"}
                and zipf_frequency(word.lower(), "en") < ARTICLE_NAME_MAX_ZIPF
            )
            if (
                (not opens and not tech_weak and prev not in {"the", "a", "an", "this", "that"})
                or ((opens or tech_weak) and cue and after != "you")
                or (introduced and not t.sent_start and not tech_weak)
            ):
                spans.append(self._span(text, toks, i, 1, "PERSON", "context:ambiguous-name", 0.6))
            return 1
        # 5b. a given name no list holds, before a listed surname ("Xiaoming Liu", "Tunde Bakare"):
        # neither word an ordinary or dictionary word, a product or a place
        if (
            nxt is not None
            and nxt.start - t.end <= 1
            and _cap(nxt.text)
            and not ordinary
            and not tech_weak
            and folded not in self.ref.proper
            and word not in self.ref.gazetteer
            and _base(nxt.text) in self.ref.surnames
            and self._plain_name(_base(nxt.text))
        ):
            spans.append(self._span(text, toks, i, 2, "PERSON", "context:full-name", 0.8))
            return 2
        # 6. unknown capitalised word after a locative ("out in Staffin"), not sentence-initial.
        # A name, but of what kind the cue does not say: "go to", "in" and "at" take a shop, a
        # company, a show or a venue as readily as a town ("go to Anystore", "at Anyco"). With
        # no gazetteer entry and no head noun, a neutral name (`[Name n]`), never a guessed place
        if (
            prev in LOCATIVES
            and not t.sent_start
            and not self.is_common(word)
            and len(word) > 2
            and not word[:-1].isupper()
            and word not in PRODUCTS
            and not tech_weak
            and not ordinary
            and folded not in KIN_WORDS
        ):
            spans.append(self._span(text, toks, i, 1, "NAME", "context:locative", 0.6))
            return 1
        # a dictionary proper noun that no list holds as a personal name or a place ("watched
        # the Olympics", "the Kremlin") is an event, institution or industry known to everyone:
        # public, not a local named thing (a listed surname, "the Freeman", may name a
        # hospital); after a locative ("out to the Pyrenees") it may be a place no list holds
        public = (
            prev == "the"
            and folded in self.ref.proper
            and not ordinary
            and not self._named_or_placed(word)
            and not self._locative_before(text, toks[i - 1].start)
        )
        named_thing = (
            prev == "the"
            and not public
            and not PRODUCT_SHAPE.search(word)
            and (nxt is None or nxt.start - t.end > 1 or nxt.text in ENGLISH_STOP_WORDS)
        )
        # 7. any other proper noun mid-sentence that no list explains ("the Possilpark write-up");
        # acronym plurals ("IJBs"), apostrophe forms ("I’ll") and ordinary English word shapes are not
        if (
            not t.sent_start
            and len(word) > 3
            and not self.is_common(word)
            and not word[:-1].isupper()
            and not re.search(r"['’]", word)
            and not ENGLISH_SHAPE.search(word)
            and word not in PRODUCTS
            and not tech_weak
            and folded not in KIN_WORDS
            # a dictionary word ("American", "Tuesday", "Voluntary") is no place — unless it is
            # a named thing on its own: "the Freeman, in Newcastle" (a hospital)
            and (not (ordinary or folded in self.ref.proper) or named_thing)
        ):
            # nothing says what kind of name it is (a product, a show, a company, a town): a
            # neutral "[Name n]", not a guessed type
            spans.append(self._span(text, toks, i, 1, "NAME", "context:proper-noun", 0.4))
        return 1

    def _ends_phrase(self, text: str, toks: list[Tok], i: int) -> bool:
        """Whether the word at `i` (an ordinary word that is also a first name) ends a title-cased
        phrase: right after a capitalised ordinary word, one space between, that starts no
        sentence and is no first name, title, rank, kinship or people word, nor shaped like a
        role ("the Coastal Navy", "the History Channel"; not "Uncle Frank", "Rose Hope", "the
        Council, Grace", "Team Leader Will"). The caller asks only when no person cue follows."""
        if i == 0:
            return False
        before = toks[i - 1]
        word = _base(before.text)
        if text[before.end : toks[i].start] != " " or not _cap(word) or word.isupper():
            return False
        if word in self.ref.first_names or word in TITLES or word in RANKS or word.lower() in PEOPLE_WORDS:
            return False
        if ROLE_SHAPE.search(word):
            return False  # a role before a name: "Team Leader Will", "Project Manager Grace"
        if _starts_sentence(text, before.start):
            return False
        ordinary = self._facts(before.text)[4] or self.is_common(word)
        return ordinary or (word.casefold() in self.ref.proper and word not in self.ref.surnames)

    def _job_word(self, word: str) -> bool:
        """A dictionary word shaped like a role, no first name: "Practitioner", "Worker",
        "Officer" (not "Baker" or "Taylor", which the first-name list holds too)."""
        low = word.lower()
        return bool(ROLE_SHAPE.search(low)) and low in self.ref.english and word not in self.ref.first_names

    @staticmethod
    def _locative_before(text: str, start: int) -> bool:
        """Whether the word before `start` (in the same sentence) is a locative."""
        before = _prev_word(text, start)
        return before is not None and before.text.lower() in LOCATIVES

    def _named_or_placed(self, word: str) -> bool:
        """Whether a list holds `word` as a first name, a surname, a gazetteer entry or a world
        place."""
        return (
            word in self.ref.first_names
            or word in self.ref.surnames
            or word in self.ref.gazetteer
            or word.casefold() in world_places(str(self.ref_dir))
        )

    def _name_or_place(self, word: str, prev: str, after: str) -> str:
        """PERSON for a first name, unless it is also a region or a town of BIG_PLACE people or
        more: then PLACE after a locative, PERSON after a title or before a person cue that a
        place does not take too ("said", not "is": `cues/shared_cues_after.txt`), and NAME
        (no guessed type) otherwise."""
        place = world_places(str(self.ref_dir)).get(word.casefold())
        if place is None or not (place[0] == "region" or place[1] >= BIG_PLACE):
            return "PERSON"
        if prev in LOCATIVES:
            return "PLACE"
        if prev in PERSON_CUES_BEFORE or prev in TITLES_LOWER:
            return "PERSON"
        if after in PERSON_CUES_AFTER and after not in SHARED_CUES_AFTER:
            return "PERSON"  # "Georgia said", not "Georgia is hot"
        return "NAME"

    def _joined_to_word(self, text: str, start: int, end: int) -> bool:
        """An acronym joined by "and"/"or" to a plain lower-case dictionary word ("cancer and
        COPD", "COPD and heart failure") is one of a kind of things, not an organisation: the
        items of a coordination are of one kind. A person or kinship word beside it ("the
        nurses and ABCT") does not count: people and teams are coordinated too."""
        before = JOINED_BEFORE_RE.search(text, max(0, start - 40), start)
        after = JOINED_AFTER_RE.match(text, end)
        for m in (before, after):
            w = m.group(1) if m is not None else ""
            people = w in PEOPLE_WORDS or (w.endswith("s") and w[:-1] in PEOPLE_WORDS)
            if w and w not in ENGLISH_STOP_WORDS and not people and w in self.ref.english:
                return True
        return False

    def is_clinical(self, folded: str) -> bool:
        """A clinical term's shape (`cues/clinical_suffixes.txt`): seven letters or more ending in
        a condition's, treatment's or specialty's ending ("physiotherapy", "myeloma"), and no
        listed first name, surname, gazetteer or world place."""
        if len(folded) < 7 or not folded.endswith(CLINICAL_SUFFIXES) or not folded.isalpha():
            return False
        first, last = folded_names(str(self.ref_dir))
        if folded in first or folded in last or folded.title() in self.ref.gazetteer:
            return False
        return folded not in world_places(str(self.ref_dir))

    def is_medicine(self, folded: str) -> bool:
        """A listed medicine brand ("Ventolin"), or a medicine's shape: seven letters or more
        ending in a medicine stem, and no listed first name, surname, gazetteer or world place
        ("Mirtazapine" yes; a surname or town of that shape no)."""
        if folded in MEDICINES:
            return True
        if len(folded) < 7 or not folded.endswith(MEDICINE_SUFFIXES) or not folded.isalpha():
            return False
        first, last = folded_names(str(self.ref_dir))
        if folded in first or folded in last or folded.title() in self.ref.gazetteer:
            return False
        return folded not in world_places(str(self.ref_dir))

    def _ranked(self, word: str) -> bool:
        """After a rank: a capitalised word that is a listed name or no ordinary word."""
        base = _base(word)
        if not _cap(base) or base in NEVER or base in RANKS or len(base) < 2 or base.isupper():
            return False
        folded = base.casefold()
        if base in self.ref.first_names or base in self.ref.surnames or MAC_RE.match(base):
            return folded not in ENGLISH_STOP_WORDS
        return not (self._facts(word)[4] or self.is_common(base) or folded in self.ref.proper)

    def _plain_name(self, word: str) -> bool:
        """A surname that is nothing else: no English or dictionary word, product or place."""
        low = word.casefold()
        return not (
            low in self.ref.english
            or low in self.ref.proper
            or low in self.ref.tech
            or low in self.ref.tech_ambiguous
            or word in self.ref.gazetteer
            or self.is_common(word)
        )

    @staticmethod
    def _org_head(toks: list[Tok], i: int, n: int) -> bool:
        last = _base(toks[i + n - 1].text)
        if last in ORG_HEADS:
            return True
        if n >= 3 and toks[i].text in ("University", "College") and toks[i + 1].text == "of":
            return True  # "University of Anytown": the body, not the town
        return (
            last == "Care" and n >= 3 and toks[i + n - 2].text == "Community"
        )  # "North Glen Community Care"

    @staticmethod
    def _cap_run(toks: list[Tok], i: int) -> list[Tok]:
        """Capitalised tokens from i, allowing 'of', 'and', 'the', 'St', 'na', 'nan' inside."""
        run = [toks[i]]
        j = i + 1
        while j < len(toks) and toks[j].start - toks[j - 1].end <= 1:
            w = toks[j].text
            nxt = toks[j + 1].text if j + 1 < len(toks) else ""
            if _cap(w) or (
                w in CONNECTORS
                and nxt
                # "Council for the Voluntary Sector" joins; "X and the Y" is two names
                and (_cap(nxt) or (nxt == "the" and w in {"for", "of"}))
            ):
                run.append(toks[j])
                j += 1
            else:
                break
        return run

    @staticmethod
    def _span(text: str, toks: list[Tok], i: int, n: int, etype: str, det: str, conf: float) -> Span:
        start, end = toks[i].start, toks[i + n - 1].end
        if etype == "PERSON" and text[end - 2 : end] in ("'s", "’s"):
            end -= 2  # the possessive stays: "[Person 3]'s"
        surface = text[start:end]
        canonical = _base(surface) if etype == "PERSON" else surface
        return Span(start, end, etype, canonical, det, conf)
