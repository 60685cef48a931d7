"""The analyzer: runs the recognizers of `coprod.privacy.recognizers.REGISTRY` over a text,
drops what the allow-lists protect, resolves overlaps and joins adjacent name spans.

One `Analyzer` is built per corpus (the register, the settings and the corpus's own lower-case
words); `find` takes one text, `find_many` many short texts in one pass.
"""

from __future__ import annotations

import bisect
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..languages import check_languages
from .coordination import ListRule
from .detectors import Span, pattern_hints
from .names import NEVER
from .normalise import fold_word, view
from .recognizers import (
    IDENTIFIER_RECOGNIZERS,
    CapitalNameRecognizer,
    CaselessRecognizer,
    CaselessRelationRecognizer,
    CompassRegionRecognizer,
    ContextRecognizer,
    CuedNameRecognizer,
    GreetingRecognizer,
    HouseNumberRecognizer,
    JoinedNameRecognizer,
    LanguageKinNameRecognizer,
    LanguageNameCueRecognizer,
    LifeDateRecognizer,
    LowercaseAppositionRecognizer,
    LowercaseHeadRecognizer,
    LowercaseRoleNameRecognizer,
    MilitaryUnitRecognizer,
    NameParticleRecognizer,
    PatternRecognizer,
    PlaceChainRecognizer,
    RareCapitalRecognizer,
    RegisterRecognizer,
    ShowTitleRecognizer,
    SmallStateRecognizer,
    SpelledRecognizer,
    SpokenYearRecognizer,
    StreetHeadRecognizer,
    UnclearPlaceRecognizer,
    VesselRecognizer,
    WebAddressRecognizer,
    WordNameAppositionRecognizer,
    WorldPlaceRecognizer,
)
from .recognizers.article_names import ArticleNameRecognizer
from .recognizers.article_places import ArticlePlaceRecognizer
from .recognizers.common_uses import CommonUseFilter
from .recognizers.coordinated_kinds import CoordinatedKindFilter
from .recognizers.jurisdictions import JurisdictionFilter
from .recognizers.lowercase_pairs import LowercasePairRecognizer
from .recognizers.mixed_case_places import MixedCasePlaceRecognizer
from .recognizers.named_kinds import NamedKindFilter
from .recognizers.naming_frames import NamingFrameRecognizer
from .recognizers.other_language_articles import OtherLanguageArticleFilter
from .recognizers.other_language_phrases import OtherLanguagePhraseFilter
from .recognizers.other_scripts import OtherScriptRecognizer
from .recognizers.possessive_heads import PossessiveHeadRecognizer
from .recognizers.register import compile_forms, lower, near
from .recognizers.royal_bodies import RoyalBodyRecognizer
from .recognizers.ship_frames import ShipFrameRecognizer
from .recognizers.speech_repairs import SpeechRepairFilter
from .recognizers.study_language_words import StudyLanguageFilter
from .recognizers.surname_tails import gaelic_h_surname, hyphenated_surname, particle_surname, rare_word
from .recognizers.text_index import Phrases, TextIndex, Vocabulary, matches_from
from .recognizers.tool_frames import ToolFrameFilter
from .recognizers.usage_frames import UsageFrameFilter
from .recognizers.years_before_events import YearBeforeEventRecognizer
from .reference import (
    REFERENCE_DIR,
    country_names,
    cue_words,
    folded_names,
    is_people,
    languages_and_peoples,
    ordinary_words,
    world_places,
)
from .register import Entity
from .stopwords import ENGLISH_STOP_WORDS


@dataclass
class Settings:
    """What a reviewer can tune in config (deidentify.*) without touching code."""

    date_mode: str = "month_year"  # or "redact", or "all" (years, months, decades, named days too)
    allow: tuple[str, ...] = ()  # phrases never replaced
    deny: dict[str, str] = field(default_factory=dict)  # phrase -> type, always replaced
    reference_dir: Path = REFERENCE_DIR
    # the study's languages (ISO 639-1): what counts as an ordinary word in each of them
    languages: tuple[str, ...] = ("en",)
    role_labels: dict[str, str] = field(
        default_factory=lambda: {"local": "senior planning role", "national": "senior national role"}
    )
    org_labels: dict[str, str] = field(
        default_factory=lambda: {"local": "the participant's partnership", "national": "a national body"}
    )


NEXT_WORD_RE = re.compile(r" ([^\W\d_][^\W\d_'’\-]*[^\W\d_])(?![\w'’\-])")
# Joins texts for find_many: a newline (no pattern's \s+ reaches past the NUL) and a NUL byte,
# which no name, word or number pattern accepts.
SEP = "\n\x00\n"
MERGEABLE = {"PERSON", "PLACE", "ORG", "NAME"}
# Detectors whose spans win any overlap: an e-mail or URL is replaced whole even when a
# registered place is inside it (an obfuscated one, "a.name[at]example.org", too: its domain
# alone is a bare web address), and a participant's own job title is generalised whole.
ABSOLUTE = {"pattern:email": 3, "email:obfuscated": 3, "pattern:url": 2, "pattern:url-bare": 2, "quasi": 1}


class Analyzer:
    """Finds identifier spans in text. Built once per corpus."""

    def __init__(self, entities: list[Entity], settings: Settings | None = None, common_words=()) -> None:
        self.settings = settings or Settings()
        if not Path(self.settings.reference_dir).is_dir():
            raise ConfigError(
                "deidentify.reference_dir",
                f"folder '{self.settings.reference_dir}' not found",
                "point it at the public name lists and gazetteers (data/reference in the repository)",
            )
        check_languages(tuple(self.settings.languages))
        self.register = RegisterRecognizer(entities, self.settings)
        self.forms = self.register.forms
        self.shared = self.register.shared
        self.patterns = PatternRecognizer(self.settings)
        self.web = WebAddressRecognizer(self.settings)
        self.life_dates = LifeDateRecognizer(self.settings)
        self.context = ContextRecognizer(self.settings, set(common_words))
        self.names = self.context.finder
        ordinary = ordinary_words(tuple(self.settings.languages), str(self.settings.reference_dir))
        self._ordinary = ordinary
        self._countries = {view(n).casefold() for n in country_names()}
        self._geo_generic = self._countries | languages_and_peoples()
        self._world = world_places(str(self.settings.reference_dir))
        self.world = WorldPlaceRecognizer(self.settings, ordinary, NEVER)
        self.small_states = SmallStateRecognizer(self.settings, ordinary)
        self.chains = PlaceChainRecognizer(self.settings, ordinary)
        self.compass = CompassRegionRecognizer(self.settings)
        self.common_uses = CommonUseFilter(self.settings)
        self.usage_frames = UsageFrameFilter(self.settings)
        self.named_kinds = NamedKindFilter(self.settings)
        self.other_phrases = OtherLanguagePhraseFilter(self.settings)
        self.other_articles = OtherLanguageArticleFilter(self.settings)
        self.study_words = StudyLanguageFilter(self.settings)
        self.coordinated = CoordinatedKindFilter(self.settings, self.names, self.common_uses)
        self.tool_frames = ToolFrameFilter(self.settings, self.names)
        self.jurisdictions = JurisdictionFilter(self.settings)
        self.repairs = SpeechRepairFilter(self.settings, self.names.ref.english)
        self.cued = CuedNameRecognizer(self.settings, ordinary)
        self.language_cues = LanguageNameCueRecognizer(self.settings, ordinary)
        self.appositions = LowercaseAppositionRecognizer(self.settings, ordinary)
        self.word_appositions = WordNameAppositionRecognizer(self.settings)
        self.particles = NameParticleRecognizer(self.settings)
        self.role_names = LowercaseRoleNameRecognizer(self.settings, ordinary)
        self.kin_names = LanguageKinNameRecognizer(self.settings, ordinary)
        self.greetings = GreetingRecognizer(self.settings, ordinary)
        self.lowercase_pairs = LowercasePairRecognizer(self.settings, ordinary)
        self.heads = LowercaseHeadRecognizer(self.settings, ordinary)
        self.streets = StreetHeadRecognizer(self.settings)
        self.vessels = VesselRecognizer(self.settings)
        self.units = MilitaryUnitRecognizer(self.settings)
        self.unclear = UnclearPlaceRecognizer(self.settings)
        self.rare_capitals = RareCapitalRecognizer(self.settings, ordinary)
        self.house_numbers = HouseNumberRecognizer(self.settings)
        self.spoken_years = SpokenYearRecognizer(self.settings)
        self.shows = ShowTitleRecognizer(self.settings, ordinary)
        self.spelled = SpelledRecognizer(self.settings)
        self.joined = JoinedNameRecognizer(self.settings, ordinary, self.forms)
        self.other_scripts = OtherScriptRecognizer(self.settings)
        self.caseless = CaselessRecognizer(self.settings, ordinary)
        self.caseless_relations = CaselessRelationRecognizer(self.settings, ordinary, self.caseless)
        self.ship_frames = ShipFrameRecognizer(self.settings, ordinary)
        self.naming_frames = NamingFrameRecognizer(self.settings)
        self.article_names = ArticleNameRecognizer(self.settings, ordinary)
        self.article_places = ArticlePlaceRecognizer(self.settings, ordinary)
        self.royal_bodies = RoyalBodyRecognizer(self.settings)
        self.years_before_events = YearBeforeEventRecognizer(self.settings)
        self.mixed_case_places = MixedCasePlaceRecognizer(self.settings)
        self.possessive_heads = PossessiveHeadRecognizer(self.settings, ordinary)
        # structured identifiers in forms the pattern detectors leave (one recognizer each)
        self.identifiers = tuple(r(self.settings) for r in IDENTIFIER_RECOGNIZERS)
        self.capital_names = CapitalNameRecognizer(self.settings, ordinary)
        self._role_seen: dict[str, bool] = {}
        self.lists = ListRule(
            self.names.ref, ordinary, folded_names(str(self.settings.reference_dir))[0], self._generic
        )
        self._allow = compile_forms(sorted({a.lower() for a in self.names.allow}), 0)
        # the user's own allow-list releases anything, register entries included; the built-in
        # public lists (national bodies, eponymous terms) never override the team's register
        self._low_cache: tuple[str | None, str, str] = (None, "", "")
        self._user_allow = compile_forms(sorted({fold_word(a) for a in self.settings.allow if a.strip()}), 0)
        # the allow-list scan on an ASCII text is tried only where a listed phrase whose words
        # are all in the text occurs (a match is one whole phrase)
        self._allow_phrases = Phrases(sorted({a.lower() for a in self.names.allow}))
        # every listed phrase in one string: a span can be inside a listed phrase of the text
        # only if its lower-cased surface is part of one (decided once per surface)
        listed = sorted({a.lower() for a in self.names.allow})
        self._allow_text = None if any("\x00" in a for a in listed) else "\x00".join(listed)
        self._allow_part: dict[str, bool] = {}
        self._index_cache: tuple[str | None, TextIndex | None] = (None, None)
        self._protected_cache: tuple[str | None, list[tuple[int, int]]] = (None, [])
        self._vocabulary = Vocabulary()  # the words of every text seen, for the word filters
        # what a span's words alone say in `_generic`, decided once per distinct surface
        self._generic_low: dict[str, str] = {}
        self._generic_word: dict[str, bool] = {}
        self._generic_joined: dict[str, bool] = {}
        # register-free spans reused by text (`coprod.privacy.detection_cache.Unregistered`),
        # set by the caller for one transcript at a time; None: everything is computed
        self.unregistered = None

    def _low(self, text: str) -> str:
        """The lower-cased folded view of `text`, computed once per text (find, protected and
        the user's allow-list all need it for the same long joined text)."""
        return self._views(text)[1]

    def _views(self, text: str) -> tuple[str, str]:
        """(view, lower-cased view) of `text`, computed once per text."""
        if self._low_cache[0] is not text:
            seen = view(text)
            self._low_cache = (text, lower(seen), seen)
        return self._low_cache[2], self._low_cache[1]

    def _index(self, text: str) -> TextIndex:
        """The word index of the folded view of `text`, built once per text (`find` and the
        allow-list scan of `_finish` share it)."""
        if self._index_cache[0] is not text:
            self._index_cache = (text, TextIndex(self._views(text)[0], self._vocabulary))
        return self._index_cache[1]

    def protected(self, text: str) -> list[tuple[int, int]]:
        """The allow-listed phrases of `text` (start, end), found once per text (`_finish` and
        `_in_lists` both ask); a new list each call."""
        if not self._allow:
            return []
        if self._protected_cache[0] is not text:
            self._protected_cache = (text, self._protected(text))
        return list(self._protected_cache[1])

    def _protected(self, text: str) -> list[tuple[int, int]]:
        low = self._low(text)
        literals = self._allow_phrases.literals(self._index(text))
        if literals is None:
            return [(m.start(), m.end()) for m in self._allow.finditer(low)]
        found = matches_from(self._allow, low, low, literals, self._allow_phrases.needles)
        return [(m.start(), m.end()) for m in found]

    def _protected_near(self, spans: list[Span], text: str) -> list[tuple[int, int]]:
        """What `protected` gives, in the parts of `text` where it can hold one of `spans`: an
        allowed phrase is matched whole (a listed phrase, lower-cased), so a span inside one has a
        surface that is part of a listed phrase; such a span's part of the text between NUL
        characters (each text of a `find_many` batch) is scanned as the whole-text scan would
        (no listed phrase holds a NUL, so no match crosses one and the scan starts afresh after
        it). Register spans are never dropped by it and are not asked about."""
        if not self._allow:
            return []
        if self._allow_text is None:  # a listed phrase with a NUL in it: the whole-text scan
            return self.protected(text)
        low = self._low(text)
        part, listed = self._allow_part, self._allow_text
        regions: list[tuple[int, int]] = []
        for s in spans:
            if s.detector == "register":
                continue
            surface = low[s.start : s.end]
            hit = part.get(surface)
            if hit is None:
                hit = part[surface] = "\x00" in surface or surface in listed
            if hit:
                a = low.rfind("\x00", 0, s.start) + 1
                b = low.find("\x00", s.end)
                regions.append((a, len(low) if b < 0 else b))
        if not regions:
            return []
        if self._protected_cache[0] is text:
            return list(self._protected_cache[1])
        regions.sort()
        merged = [list(regions[0])]
        for a, b in regions[1:]:
            if a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return [(m.start(), m.end()) for a, b in merged for m in self._allow.finditer(low, a, b)]

    def kept(self, text: str) -> list[tuple[int, int]]:
        """Where the allow-lists keep `text`: the built-in public phrases and the user's own."""
        keep = self.protected(text)
        if self._user_allow is not None:
            keep = keep + [(m.start(), m.end()) for m in self._user_allow.finditer(self._low(text))]
        return keep

    def find(self, text: str, patterns: bool = True, finish: bool = True) -> list[Span]:
        seen, low = self._views(text)  # same offsets as text; look-alikes, accents, fullwidth folded
        index = self._index(text)  # the words, found once for the recognizers that read them
        spans = self.register.find(seen, low, index)
        # what no register entry changes, computed once per text and register-free key
        # (`detection_cache.Unregistered`); the joined names read the register's forms
        memo = self.unregistered
        kind = "patterns" if patterns else "words"
        got = memo.get(text, kind) if memo is not None else None
        if got is None:
            got = self._unregistered(seen, index, patterns)
            if memo is not None:
                memo.put(text, kind, got)
        spans += got[0]
        spans += self.joined.find(seen, index, text)  # the text: its underscores join a handle
        spans += got[1]
        spans += self.other_scripts.find(text)  # read as written: the view folds look-alikes
        return self._finish(spans, text) if finish else spans

    def _unregistered(self, seen: str, index: TextIndex, patterns: bool) -> tuple[list[Span], list[Span]]:
        """The spans of every recognizer that reads no register entry, in `find`'s order: those
        before the joined names, and those after them."""
        spans: list[Span] = []
        if patterns:
            spans += self.patterns.find(seen)
        spans += self.web.find(seen)
        spans += self.life_dates.find(seen)
        spans += self.context.find(seen)
        spans += self.world.find(seen, index)
        spans += self.small_states.find(seen, index)
        spans += self.chains.find(seen, index)
        spans += self.compass.find(seen)
        spans += self.cued.find(seen, index)
        spans += self.language_cues.find(seen, index)
        spans += self.appositions.find(seen, index)
        spans += self.word_appositions.find(seen, index)
        spans += self.particles.find(seen, index)
        spans += self.role_names.find(seen, index)
        spans += self.kin_names.find(seen, index)
        spans += self.greetings.find(seen, index)
        spans += self.lowercase_pairs.find(seen, index)
        spans += self.heads.find(seen, index)
        spans += self.streets.find(seen, index)
        spans += self.vessels.find(seen, index)
        spans += self.units.find(seen, index)
        spans += self.unclear.find(seen, index)
        spans += self.rare_capitals.find(seen, index)
        spans += self.house_numbers.find(seen)
        spans += self.spoken_years.find(seen)
        spans += self.shows.find(seen)
        spans += self.spelled.find(seen)
        for recognizer in self.identifiers:
            spans += recognizer.find(seen, index)
        spans += self.capital_names.find(seen, index)
        before, spans = spans, []
        spans += self.caseless.find(seen)
        spans += self.caseless_relations.find(seen)
        spans += self.ship_frames.find(seen, index)
        spans += self.naming_frames.find(seen, index)
        spans += self.article_names.find(seen, index)
        spans += self.article_places.find(seen, index)
        spans += self.royal_bodies.find(seen, index)
        spans += self.years_before_events.find(seen, index)
        spans += self.mixed_case_places.find(seen, index)
        spans += self.possessive_heads.find(seen, index)
        return before, spans

    def _finish(self, spans: list[Span], text: str) -> list[Span]:
        """Drop spans inside protected phrases, resolve overlaps, merge adjacent names, drop
        names used as count nouns or in eponymous terms (`recognizers.common_uses`) and another
        study language's own words (`recognizers.study_language_words`), names inside an
        instrument's or a role's name (`recognizers.named_kinds`), the first word of another
        language's phrase (`recognizers.other_language_phrases`), another language's article
        opening a sentence of it (`recognizers.other_language_articles`), words coordinated with
        a listed medicine or product (`recognizers.coordinated_kinds`), tools' names said as tools
        (`recognizers.tool_frames`), false starts repaired at
        once (`recognizers.speech_repairs`), a public hearing's own jurisdiction
        (`recognizers.jurisdictions`)."""
        keep = self._protected_near(spans, text)
        if keep:
            starts = [a for a, _ in keep]
            spans = [s for s in spans if s.detector == "register" or not _inside(s, keep, starts)]
        spans = [s for s in spans if s.detector == "register" or not self._generic(text, s)]
        if self._user_allow is not None:
            mine = [(m.start(), m.end()) for m in self._user_allow.finditer(self._low(text))]
            starts = [a for a, _ in mine]
            spans = [s for s in spans if not _inside(s, mine, starts)]
        spans = self._in_lists(self._surnames_after(resolve_overlaps(spans), text), text)
        merged = merge_adjacent(spans, text)
        merged = self.common_uses.filter(merged, text)  # count nouns and eponymous terms
        merged = self.usage_frames.filter(merged, text)  # "during Anyfest", "the Anyname scale"
        merged = self.named_kinds.filter(merged, text)  # "Anytown Coma Scale", "Link Worker"
        merged = self.other_phrases.filter(merged, text)  # "Anyword mhath, I always say"
        merged = self.other_articles.filter(merged, text, self._index(text))  # "Le bureau est…"
        merged = self.coordinated.filter(merged, text)  # "Anyname and some Gaviscon"
        merged = self.tool_frames.filter(merged, text, self._index(text))  # "built with Anyname"
        merged = self.repairs.filter(merged, text)  # "the Anyname, uh, the branch"
        merged = self.study_words.filter(merged, text)  # "la Toussaint" in a French sentence
        return self.jurisdictions.filter(merged, text, self._index(text))  # a hearing's own city

    def _in_lists(self, spans: list[Span], text: str) -> list[Span]:
        """Names listed beside a name found (`coordination.ListRule`), minus allowed phrases."""
        out = self.lists.apply(spans, text)
        if len(out) == len(spans):
            return out
        if self._user_allow is None:
            # only the names the list rule added can be dropped: the allowed phrases near them
            keep = self._protected_near([s for s in out if s.detector == "context:list"], text)
        else:
            keep = self.protected(text)
            keep += [(m.start(), m.end()) for m in self._user_allow.finditer(self._low(text))]
        keep.sort()
        starts = [a for a, _ in keep]
        return [s for s in out if s.detector != "context:list" or not _inside(s, keep, starts)]

    def _surnames_after(self, spans: list[Span], text: str) -> list[Span]:
        """A surname right after a one-word person name joins it ("[Person 3] Carveth" left a
        surname in the text): the next word, in the same case as the name, is a listed surname
        or no ordinary word, and no other span, role, country or never-word."""
        out = list(spans)
        drop: set[int] = set()
        for k, s in enumerate(out):
            if s.type == "PERSON" and k not in drop and (tail := gaelic_h_surname(text, s.start, s.end)):
                out[k] = Span(  # "Pádraig Ó hUiginn": the h-prefixed surname joins the name
                    s.start, tail, "PERSON", text[s.start : tail], "context:surname-after", s.confidence
                )
                drop |= {j for j in range(k + 1, len(out)) if out[j].start < tail}
                continue
            if s.type not in ("PERSON", "NAME") or " " in text[s.start : s.end].strip() or k in drop:
                continue
            tail = self._surname_tail(out, k, text)  # "de la Cruz", "Penhallow-Vyse"
            if tail is not None:
                out[k] = Span(
                    s.start, tail, "PERSON", text[s.start : tail], "context:surname-after", s.confidence
                )
                drop |= {j for j in range(k + 1, len(out)) if out[j].start < tail}
                continue
            if s.type != "PERSON":
                continue
            m = NEXT_WORD_RE.match(text, s.end)
            if m is None:
                continue
            nxt = out[k + 1] if k + 1 < len(out) and out[k + 1].start < m.end() else None
            if nxt is not None and (nxt.type == "PERSON" or nxt.confidence >= 0.8 or nxt.end > m.end()):
                continue  # a stronger finding of its own ("Anytown Hospital")
            word, first = m.group(1), text[s.start : s.end]
            if word[:1].isupper() != first[:1].isupper() or word.isupper():
                continue
            low = view(word).casefold()
            if low in ENGLISH_STOP_WORDS or word in NEVER or low in self._geo_generic:
                continue
            if low in cue_words("role_labels") or low in self.names.ref.tech:
                continue
            surname = view(word) in self.names.ref.surnames or low.title() in self.names.ref.surnames
            if self._ordinary(low) and not (surname and word[:1].isupper()):
                continue
            if not surname and not word[:1].isupper() and not rare_word(low):
                continue  # lower case: only a listed surname or a rare word ("quarrie")
            end = m.end()
            out[k] = Span(s.start, end, "PERSON", text[s.start : end], "context:surname-after", s.confidence)
            if nxt is not None:
                drop.add(k + 1)  # a weak town reading of the surname ("garcia") gives way
        return [s for k, s in enumerate(out) if k not in drop]

    def _surname_tail(self, spans: list[Span], k: int, text: str) -> int | None:
        """The end of a surname with particles or hyphens after the one-word name spans[k]
        (`recognizers.surname_tails`), or None."""
        s = spans[k]
        first = text[s.start : s.end]
        if not first[:1].isupper() or first.isupper():
            return None
        end = particle_surname(text, s.end)
        if end is None and s.type == "PERSON":

            def plain(low: str) -> bool:
                return low in ENGLISH_STOP_WORDS or self._ordinary(low)

            def listed(part: str) -> bool:
                return view(part) in self.names.ref.surnames

            end = hyphenated_surname(text, s.end, True, plain, listed)
        if end is None:
            return None
        if any(
            j != k and o.start < end and o.end > s.end and o.type == "PERSON" for j, o in enumerate(spans)
        ):
            return None  # another person's name of its own
        return end

    def _possessive_first_name(self, text: str, span: Span, low: str) -> bool:
        """A listed first name that is also a language or a people, in the possessive ("at
        Shona's", "Shona's mum"): a person (a premises named by its owner); a language takes no
        possessive. A country ("India's") stays a country."""
        if text[span.end : span.end + 2] not in ("'s", "’s") or " " in low or low in self._countries:
            return False
        return span.type in ("PERSON", "NAME") and low in folded_names(str(self.settings.reference_dir))[0]

    def _generic(self, text: str, span: Span) -> bool:
        """A country, continent, sea, language or people ("Portugal", "the Indian Ocean",
        "Welsh", "Portuguese") is no identifier: the reference lists say so, whatever a rule found."""
        if span.type not in MERGEABLE:
            return False
        surface = text[span.start : span.end]
        low = self._generic_low.get(surface)
        if low is None:
            words = surface.split()
            if words and words[0].casefold() == "the":
                words = words[1:]
            low = view(" ".join(words)).casefold().replace("’", "'")
            if low.endswith("'s"):
                low = low[:-2]
            self._generic_low[surface] = low
        hit = self._generic_word.get(low)
        if hit is None:
            # "Interviewee", "Therapist": roles, not names; also mis-typed; a country, people …
            hit = self._generic_word[low] = (
                low in cue_words("role_labels")
                or self._role_typo(low)
                or low in self._geo_generic
                or is_people(low, self.names.ref.proper, self._geo_generic)
            )
        if hit:
            return not self._possessive_first_name(text, span, low)
        # the last word before the span ("New" + "Zealanders"); a one-word surface only
        before = text[max(0, span.start - 30) : span.start].rsplit(None, 1) if " " not in low else None
        if before and before[-1][:1].isupper():
            joined = view(f"{before[-1]} {low}").casefold()
            people = self._generic_joined.get(joined)
            if people is None:
                people = self._generic_joined[joined] = joined in self._geo_generic or is_people(
                    joined, self.names.ref.proper, self._geo_generic
                )
            if people:
                return True
        if " " not in low and low in self.names.ref.proper and low not in self._world:
            # a dictionary proper word right before a country qualifies it ("Soviet Russia",
            # "Nazi Germany"): part of the country's name, no place of its own
            m = NEXT_WORD_RE.match(text, span.end)
            if m is not None and view(m.group(1)).casefold() in self._countries:
                return True
        return False

    def _role_typo(self, low: str) -> bool:
        """A role word mis-typed by a letter (two for 8+ letters: "Interveiwer", "Respondant"),
        as the speaker labels allow — unless the word is a listed first name or surname
        ("Clint" is a name, not "Client")."""
        if len(low) < 5 or " " in low or not low.isalpha():
            return False
        hit = self._role_seen.get(low)
        if hit is None:
            first, last = folded_names(str(self.settings.reference_dir))
            hit = (
                low not in first
                and low not in last
                and any(
                    near(low, r, 1 if len(r) < 8 else 2)
                    for r in cue_words("role_labels")
                    if len(r) >= 5 and " " not in r
                )
            )
            self._role_seen[low] = hit
        return hit

    def find_many(self, texts: list[str]) -> list[list[Span]]:
        """`find` over many short texts in one pass: they are joined with a separator no
        detector crosses, which saves the per-call cost of a dozen regex scans per turn."""
        with collector_paused():
            return self._find_many(texts)

    def _find_many(self, texts: list[str]) -> list[list[Span]]:
        unique = list(dict.fromkeys(texts))  # speaker labels repeat hundreds of times
        if len(unique) < len(texts):
            found = dict(zip(unique, self._find_many(unique), strict=True))
            return [list(found[t]) for t in texts]
        joined = SEP.join(texts)
        offsets, pos = [], 0
        for t in texts:
            offsets.append(pos)
            pos += len(t) + len(SEP)
        # pattern detectors run per text: their cheap hints skip most turns entirely
        memo = self.unregistered
        got = memo.get(joined, "each") if memo is not None else None
        if got is None:
            hints = pattern_hints(joined)
            # a text of the batch with no family's hint has nothing to find: not asked
            may, batch = hints["by_text"], hints["texts"]
            got = [
                [
                    Span(s.start + off, s.end + off, s.type, s.canonical, s.detector, s.confidence)
                    for t, off in zip(texts, offsets, strict=True)
                    if t in may or t not in batch
                    for s in self.patterns.find(t, hints)
                ]
            ]
            if memo is not None:
                memo.put(joined, "each", got)
        extra = got[0]
        found = self.find(joined, patterns=False, finish=False) + extra
        # the allow-list, overlap and merging pass reads only the text and these spans: reused
        # by them when a grown register found nothing new here (`Unregistered.finished`)
        finished = memo.finished(joined, found) if memo is not None else None
        if finished is None:
            finished = self._finish(found, joined)
            if memo is not None:
                memo.keep_finished(joined, found, finished)
        out: list[list[Span]] = [[] for _ in texts]
        k = 0
        for s in finished:
            while k + 1 < len(offsets) and s.start >= offsets[k + 1]:
                k += 1
            base = offsets[k]
            if s.end - base > len(texts[k]):
                continue  # cannot happen with SEP; guard against a detector that crosses it
            out[k].append(Span(s.start - base, s.end - base, s.type, s.canonical, s.detector, s.confidence))
        return out


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused for the block (as it was before, after it).
    Detection makes many small objects (tokens, matches, spans) and no reference cycles, so the
    collections their allocations trigger (dozens per batch, each walking the long-lived memo
    tables) find nothing; memory is still freed by reference counting as usual."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _inside(span: Span, intervals: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect.bisect_right(starts, span.start) - 1
    return k >= 0 and intervals[k][0] <= span.start and span.end <= intervals[k][1]


def merge_adjacent(spans: list[Span], text: str) -> list[Span]:
    """Join same-type name spans separated only by a space ("Caird" + "Park" -> one place), so
    one thing gets one pseudonym and no fragment is left between two replacements. A name of no
    known type (NAME) joins a typed one beside it and takes its type ("to Anytown Quayside")."""
    out: list[Span] = []
    for s in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and (last.type == s.type or "NAME" in (last.type, s.type))
            and {last.type, s.type} <= MERGEABLE
            and text[last.end : s.start] == " "
            and "register" not in (last.detector, s.detector)
        ):
            surface = text[last.start : s.end]
            etype = s.type if last.type == "NAME" else last.type
            out[-1] = Span(
                last.start, s.end, etype, surface, last.detector, min(last.confidence, s.confidence)
            )
        else:
            out.append(s)
    return out


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Where spans overlap keep e-mail/URL/quasi first, then the longest, then the most
    confident, then the earliest."""
    starts: list[int] = []
    chosen: list[Span] = []  # sorted by start, never overlapping
    order = sorted(
        spans, key=lambda s: (-ABSOLUTE.get(s.detector, 0), -(s.end - s.start), -s.confidence, s.start)
    )
    for span in order:
        k = bisect.bisect_left(starts, span.start)
        if k > 0 and chosen[k - 1].end > span.start:
            continue
        if k < len(chosen) and chosen[k].start < span.end:
            continue
        starts.insert(k, span.start)
        chosen.insert(k, span)
    return chosen
