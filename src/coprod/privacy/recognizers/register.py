"""The team's register: people, organisations and places with generated name variants, matched
on the folded view (any case, accents, look-alikes) with a guard where a form is also an
ordinary word; an organisation's distinctive word alone ("Rowett") and its initials in capitals
("SCU" for a three-to-six-word name); `deidentify.deny` phrases;
user names and handles that embed a registered name ("mdrysdale01")."""

from __future__ import annotations

import re
from collections import defaultdict

from ...text import near
from ..detectors import Span
from ..normalise import fold_word, view
from ..reference import ZIPF_A_WORD, cue_words, distinctive_words, english_words, folded_names, ordinary_words
from ..register import Entity, variants
from ..trie import trie_pattern
from .text_index import Phrases, TextIndex, WordFilter, index_of, matches_at, matches_from

name = "register"

# A handle: one token of letters and digits (user names, logins, file stems) — "mdrysdale01".
# Found from its letter/digit junction (rare in speech, so cheap), then widened to the token.
DIGITS_RE = re.compile(r"\d+")
TOKEN_TAIL = re.compile(r"[\w.-]*")
TOKEN_HEAD = re.compile(r"[\w.-]*$")


# The runs of DIGITS_RE (maximal) with a word character that is no digit right before or after (every
# letter is one): the only runs `handles` can take, found without visiting the others.
# (written from its first digit, so that a scan skips from digit to digit)
JOINED_DIGITS_RE = re.compile(r"\d(?<!\d\d)(?:(?<=[^\W\d]\d)\d*|\d*(?=[^\W\d]))")
# On ASCII text (where a digit is 0-9) the same runs, one pattern per first digit: a pattern that
# starts with a literal character is scanned for it directly, many times faster than a class
# tried at every position; a run starts with one digit and no run starts inside another, so
# together, in order, they find what JOINED_DIGITS_RE finds
JOINED_DIGIT_RES = tuple(re.compile(d + JOINED_DIGITS_RE.pattern[2:]) for d in "0123456789")


def joined_digit_runs(text: str) -> list[re.Match]:
    """JOINED_DIGITS_RE's matches in `text`, in order."""
    if not text.isascii():
        return list(JOINED_DIGITS_RE.finditer(text))
    runs = [m for rx in JOINED_DIGIT_RES if rx.pattern[0] in text for m in rx.finditer(text)]
    runs.sort(key=re.Match.start)
    return runs


def handles(text: str, digit_runs: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each token of 4+ characters that mixes letters and digits. `digit_runs`:
    the text's maximal runs of digits (`TextIndex.digit_runs`), when the caller has them (a run
    with no letter beside it is skipped below, as a run JOINED_DIGITS_RE leaves out would be)."""
    out: list[tuple[int, int]] = []
    runs = [m.span() for m in joined_digit_runs(text)] if digit_runs is None else digit_runs
    for a, b in runs:
        if out and a < out[-1][1]:
            continue
        before, after = text[a - 1 : a], text[b : b + 1]
        if not (before.isalpha() or after.isalpha()):
            continue  # a plain number, not part of a handle
        a = TOKEN_HEAD.search(text, max(0, a - 64), a).start()
        b = TOKEN_TAIL.match(text, b).end()
        while a < b and text[a] in ".-":  # a sentence's full stop is not part of the handle
            a += 1
        while b > a and text[b - 1] in ".-":
            b -= 1
        if b - a >= 4 and text[a - 1 : a] != "@" and text[b : b + 1] != "@":
            out.append((a, b))
    return out


def lower(text: str) -> str:
    """Lower-case with positions kept (falls back to ASCII-only lowering if Unicode would change
    the length, e.g. 'İ')."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def compile_forms(forms: list[str], flags: int, plural: bool = False) -> re.Pattern | None:
    """One trie regex over literal forms, bounded by non-letters (so "Morag_Drysdale" and
    "t01Morag" still match). With `plural`, group 1 is the form and a plural possessive
    ("the Drysdales' house") is part of the match."""
    if not forms:
        return None
    if plural:
        # \b: forms start with a letter; a name glued to digits is a handle (see `handles`)
        return re.compile(rf"\b({trie_pattern(forms)})(?:s(?=['’]))?(?![^\W\d_])", flags)
    return re.compile(rf"(?<!\w)(?:{trie_pattern(forms)})(?!\w)", flags)


def guard(form: str, english: frozenset[str]) -> str:
    """How a register form must look in the text to count: 'exact' for short acronyms
    (registered in capitals), 'cap' for a single word that is also an ordinary English word
    (capitalised only), '' for anything else (any case, any accents)."""
    if " " in form.strip():
        return ""
    if form.isupper() and len(form) <= 6:
        return "exact"
    return "cap" if fold_word(form) in english else ""


def spelling_variants(form: str) -> set[str]:
    """Apostrophe, hyphen and Mac/Mc variants people and transcribers produce."""
    out = {form.replace("'", "’"), form.replace("’", "'"), form.replace("-", " "), form.replace("-", "")}
    out |= {re.sub(r"\bMac(?=[A-Z])", "Mc", form), re.sub(r"\bMc(?=[A-Z])", "Mac", form)}
    out |= {re.sub(r"\bO['’](?=[A-Z])", "O", form)}
    return {v for v in out if v != form}


ACRONYM_SKIP = frozenset("of and the for in on at to &".split())


def org_acronym(form: str, reference_dir) -> str | None:
    """The initials of an organisation's name ("Strathallan Caledonian University" -> "SCU"):
    the first letter of each capitalised word ("of", "and", "the" … skipped), three to six of
    them, every other word capitalised, and no acronym of the field's vocabulary
    (`cues/known_acronyms.txt`: "HSCP", "NHS"); matched in capitals only (guard 'exact')."""
    words = [w for w in re.split(r"[\s-]+", form.strip()) if w]
    initials = ""
    for w in words:
        if w.casefold() in ACRONYM_SKIP:
            continue
        if not w[:1].isupper() or not w[:1].isalpha():
            return None
        initials += w[0]
    if not (3 <= len(initials) <= 6 and initials.isascii()):
        return None
    return None if initials in cue_words("known_acronyms", reference_dir) else initials


def entity_forms(entity: Entity, reference_dir) -> set[str]:
    """Every folded form `RegisterRecognizer` can file under one entity (its name variants with
    their spelling variants; an organisation's distinctive words): what adding or removing the
    entity can change is confined to where one of these forms, or a word near one, is written
    (`coprod.privacy.detection_cache.RegisterChange`)."""
    out = {fold_word(v) for form in variants(entity) for v in {form, *spelling_variants(form)}}
    if entity.type == "ORG":
        out |= {
            fold_word(w)
            for form in (entity.name, *entity.aliases)
            for w in distinctive_words(form, reference_dir)
        }
        out |= {
            fold_word(a) for form in (entity.name, *entity.aliases) if (a := org_acronym(form, reference_dir))
        }
    return {f for f in out if f}


# after a register form that is an ordinary word: a number, so the word names a numbered thing
# ("Ward 7", "Room 12", "Bay 4b"), not the person of that surname
NUMBERED_RE = re.compile(r" \d{1,4}[a-zA-Z]?\b(?![:./,]\d)")
FUZZY_RE = re.compile(r"(?<![\w'’\-])[^\W\d_]{5,}(?![\w'’\-])")
# a registered name spelt out letter by letter, in any case, with spaces, dots or hyphens
# ("O K O N J O", "o. k. o. n. j. o."): one kind of separator; the letters joined must be a
# registered person's one-word form (as for handles)
LETTERS_RE = re.compile(
    r"(?<![\w.'’\-])[^\W\d_](?P<sep>\. |[-. ])[^\W\d_](?:(?P=sep)[^\W\d_]){2,}\.?(?![\w'’\-])"
)


class RegisterRecognizer:
    """Register forms and handles; `find` takes the folded view of a text."""

    name = name

    def __init__(self, entities: list[Entity], settings) -> None:
        self.settings = settings
        english = english_words(str(settings.reference_dir))
        languages = tuple(getattr(settings, "languages", ("en",)))
        if any(lang != "en" for lang in languages):
            # a form that is an ordinary word in another study language counts only capitalised
            ordinary = ordinary_words(languages, str(settings.reference_dir))
            forms = {fold_word(v) for e in entities for f in variants(e) for v in {f, *spelling_variants(f)}}
            english = english | frozenset(f for f in forms if " " not in f and ordinary(f))
        # Register forms are matched on the folded view (case, accents, look-alikes do not
        # matter), with a guard where a form is also an ordinary word: folded form ->
        # (type, canonical name, guard, form as registered).
        self.forms: dict[str, tuple[str, str, str, str]] = {}
        people: dict[str, set[str]] = defaultdict(set)  # folded form -> registered people
        for ent in sorted(entities, key=lambda e: (e.type, e.name)):
            for form in sorted(variants(ent)):
                for v in sorted({form, *spelling_variants(form)}):
                    self.forms.setdefault(fold_word(v), (ent.type, ent.name, guard(v, english), v))
                    if ent.type == "PERSON":
                        people[fold_word(v)].add(ent.name)
        # A form two registered people share ("Caitlin" of Caitlin Adamson and Caitlin Drysdale)
        # belongs to neither until the transcript's context says whose it is (`resolve_shared`):
        # its canonical is the form itself, and `shared` lists who it may be.
        self.shared: dict[str, list[str]] = {}
        for f, names in people.items():
            if len(names) > 1 and f in self.forms and self.forms[f][0] == "PERSON":
                etype, _, g, v = self.forms[f]
                self.forms[f] = (etype, v, g, v)
                self.shared[v] = sorted(names)
        for ent in sorted(entities, key=lambda e: (e.type, e.name)):
            if ent.type == "ORG":  # "Rowett" alone is the Rowett Research Institute
                for form in (ent.name, *ent.aliases):
                    for w in distinctive_words(form, settings.reference_dir):
                        self.forms.setdefault(fold_word(w), (ent.type, ent.name, "", w))
                    acronym = org_acronym(
                        form, settings.reference_dir
                    )  # "SCU": its initials, in capitals only
                    if acronym:
                        self.forms.setdefault(fold_word(acronym), (ent.type, ent.name, "exact", acronym))
        for phrase, etype in sorted(settings.deny.items()):
            self.forms.setdefault(fold_word(phrase), (etype, phrase, "", phrase))
        self._reg = compile_forms(sorted(f for f in self.forms if f), 0, plural=True)
        # on an ASCII text the scan is tried only where a form whose words are all in the text
        # (the last one perhaps with a plural "s") occurs: a match is one whole form
        self._reg_phrases = Phrases(sorted(f for f in self.forms if f), plural=True)
        # user names and handles that embed a registered name ("mdrysdale01")
        inner = sorted(
            {
                f
                for f, (t, _, g, _) in self.forms.items()
                if t == "PERSON" and " " not in f and len(f) >= 4 and not g
            }
        )
        self._handle_names = re.compile(trie_pattern(inner)) if inner else None
        self._handle_form = {f: self.forms[f] for f in inner}
        # the letters of each such name, and by the set of single-letter words a text holds,
        # whether one of the names can be spelt with them (decided once per set)
        self._handle_letters = sorted({frozenset(f) for f in inner}, key=sorted)
        self._spellable: dict[frozenset[str], bool] = {}
        # a registered person's name mis-typed or mis-heard by a letter or two ("Pengely" for
        # Pengelly): single-word forms of five letters or more that are no ordinary word,
        # matched with the same first letter, when the word itself is no ordinary word
        self.english = english
        self._languages = languages
        self._listed = folded_names(str(settings.reference_dir))
        self._fuzzy = sorted(
            f
            for f, (t, _, g, _) in self.forms.items()
            if t == "PERSON" and " " not in f and len(f) >= 5 and not g
        )
        self._fuzzy_seen: dict[str, str | None] = {}
        self._single_letters = WordFilter(lambda w: len(w) == 1)
        self._hyphen_letters = WordFilter(lambda w: w[1:2] == "-" and w[3:4] == "-")
        self._fuzzy_words = WordFilter(
            lambda w: bool(FUZZY_RE.fullmatch(w)) and self._near_form(w) is not None
        )

    def find(self, seen: str, low: str | None = None, index: TextIndex | None = None) -> list[Span]:
        """`seen`: the folded view; `low`: its lower-cased form when the caller has it."""
        spans: list[Span] = []
        index = index_of(seen, index)
        if self._reg is not None:
            low = lower(seen) if low is None else low
            literals = self._reg_phrases.literals(index)
            found = (
                self._reg.finditer(low)
                if literals is None
                else matches_from(self._reg, low, low, literals, self._reg_phrases.needles)
            )
            for m in found:
                etype, canonical, g, form = self.forms[m.group(1)]
                surface = seen[m.start() : m.end()]
                if g == "exact" and surface != view(form):
                    continue  # an acronym alias ("HIS") does not fire on the word "his"
                if g == "cap" and not surface[:1].isupper():
                    continue  # "Hope" the person, not "I hope so"
                if g == "cap" and NUMBERED_RE.match(seen, m.end()):
                    continue  # "Ward 7", "Bay 4": an ordinary word numbered names a place, not Ward
                spans.append(Span(m.start(), m.end(), etype, canonical, "register", 1.0))
        if self._handle_names is not None:
            for start, end in handles(seen, index.digit_runs):
                inner = self._handle_names.search(seen[start:end].lower())
                if inner:
                    etype, canonical, _, _ = self._handle_form[inner.group(0)]
                    spans.append(Span(start, end, etype, canonical, "register", 1.0))
        if self._handle_names is not None and self._may_spell(index):
            for m in LETTERS_RE.finditer(seen):
                joined = re.sub(r"[-. ]", "", m.group(0)).lower()
                if joined in self._handle_form:
                    etype, canonical, _, _ = self._handle_form[joined]
                    spans.append(Span(m.start(), m.end(), etype, canonical, "register", 1.0))
        near = self._fuzzy_words.among(index.distinct) if self._fuzzy else None
        if near:
            # a FUZZY_RE match is a whole word of the index: tried only where a word near a
            # registered name occurs (a word that is not cannot be one, nor overlap one)
            taken = [(s.start, s.end) for s in spans]
            for m in matches_at(FUZZY_RE, seen, near, lambda m: self._near_form(m.group(0)) is not None):
                form = self._near_form(m.group(0))
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                etype, canonical, _, _ = self.forms[form]
                spans.append(Span(m.start(), m.end(), etype, canonical, "register:fuzzy", 0.85))
        return spans

    def _may_spell(self, index: TextIndex) -> bool:
        """Whether the text can hold a LETTERS_RE match, from its word index: the letters of
        one are all words of the index when they are separated by spaces or dots, four
        single-letter words in a row or more ("A. M. I. T."); separated by hyphens, they are one
        word of single letters ("A-M-I-T"). (A letter of a match follows no letter or joiner and
        is followed by its separator, so the index's words begin and end there.)"""
        if self._hyphen_letters.among(index.distinct):
            return True
        singles = self._single_letters.among(index.distinct)
        if not singles:
            return False
        # the letters of a match lower-cased are a registered name, so (when the single-letter
        # words are ASCII) every letter of that name is one of them: "I" and "a" spell none
        letters = "".join(singles)
        if letters.isascii():
            key = frozenset(letters.lower())
            spellable = self._spellable.get(key)
            if spellable is None:
                spellable = self._spellable[key] = any(f <= key for f in self._handle_letters)
            if not spellable:
                return False
        return b"\x01\x01\x01\x01" in index.lengths

    def _fuzzy_possible(self, index: TextIndex) -> bool:
        """Whether any word of the text is near a registered name: a FUZZY_RE match is always
        a whole word of the index (five letters or more, no apostrophe or hyphen)."""
        return bool(self._fuzzy_words.among(index.distinct))

    def _a_word(self, low: str) -> bool:
        """A word of a study language the dictionary lacks ("carer", "frontline": wordfreq Zipf
        of ZIPF_A_WORD or more) and no listed name is a word as typed, not a name mistyped."""
        if low in self._listed[0] or low in self._listed[1]:
            return False
        from wordfreq import zipf_frequency

        return any(zipf_frequency(low, lang) >= ZIPF_A_WORD for lang in self._languages)

    def _near_form(self, word: str) -> str | None:
        low = word.casefold()
        if low in self._fuzzy_seen:
            return self._fuzzy_seen[low]
        hit = None
        if low not in self.forms and low not in self.english and not self._a_word(low):
            for f in self._fuzzy:
                if f[0] == low[0] and near(low, f, 1 if len(f) < 8 else 2):
                    hit = f
                    break
        self._fuzzy_seen[low] = hit
        return hit
