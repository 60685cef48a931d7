"""Names joined into one token — hashtags ("#TeamAnyname"), handles ("@AnynameRoe",
"anynameroe") — and the user folder of a file path ("C:\\Users\\aroe\\...", "/home/aroe/...").

A token is split into parts; a name part is a registered person's single-word name, or a first
name or surname of the public lists (`data/reference/`) of three letters or more that is rare
as an English word (no ordinary word of the study's languages, wordfreq Zipf below 3). Inner
capitals split the token first ("KirstyRoe" -> "Kirsty" + "Roe"); otherwise every split of the
lower-case letters is tried; names joined by a dot or underscore ("anyname.roe") must all be
name parts. A hashtag or @handle may also be an initial and a surname ("@aroe"), and hyphens
may join its parts ("@aroe-bot": a part wordfreq knows is a word beside the name). A hashtag,
an @handle or a token with inner capitals may join
ordinary words to the name ("#TeamAnyname"); a plain lower-case token must be names only, two
or more ("anynameroe"), and be no word itself (no ordinary word, no word wordfreq knows, no
English word ending such as "-tion" or "-ness"). The whole token (without its # or @) becomes a
person.

A path's user folder (after `X:\\Users\\`, `/home/`, `/Users/`) is a person's handle unless it
is one of the generic folders of `data/reference/cues/generic_user_folders.txt`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..detectors import Span
from ..normalise import fold_word
from ..reference import cue_words, folded_names, ordinary_words
from .text_index import TextIndex, WordFilter, index_of, matches_at_words

name = "joined-names"

# a hashtag or @handle; or a token with an inner capital; or a long lower-case token
# (each look-behind follows the first character, so a scan skips to the next '#', '@' or capital)
# (hyphens may join its parts: "@anyroe-bot", each part read like one between underscores)
SIGIL_RE = re.compile(r"([#@])(?<![\w@#.][#@])([A-Za-z](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9_])){3,})(?![\w'’\-])")
# the same, one sigil each (scanned for as a literal character, see SEPARATOR_RES): a match holds
# one sigil, at its start, so none starts inside another and together they find SIGIL_RE's
SIGIL_RES = tuple(re.compile(SIGIL_RE.pattern.replace("([#@])", f"({c})", 1)) for c in "#@")
CAMEL_RE = re.compile(r"([A-Z](?<![\w'’\-@#./\\][A-Z])[a-z]+(?:[A-Z][a-z]+)+)(?![\w'’\-]|\.\w)")
CAMEL_WORD_RE = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")  # a word CAMEL_RE can match
LOWER_RE = re.compile(r"(?<![\w'’\-@#./\\])([a-z]{8,24})(?![\w'’\-@]|\.\w)")
# names joined by a dot or underscore ("anyname.roe", "Anyname_Roe"), not an e-mail or a path
SEPARATED_RE = re.compile(r"(?<![\w@#./\\])([A-Za-z]{3,20}(?:[._][A-Za-z]{3,20}){1,2})(?![\w@]|\.\w)")
# where one can start: in the word before a dot or underscore between letters
SEPARATOR_RE = re.compile(r"[._](?<=[A-Za-z][._])[A-Za-z]")
# the same, one separator each: a pattern that starts with a literal character is scanned for it
# directly (many times faster than trying a class at every position); a match of either is
# two characters and none can start inside another, so together they find SEPARATOR_RE's
SEPARATOR_RES = (re.compile(r"\.(?<=[A-Za-z]\.)[A-Za-z]"), re.compile(r"_(?<=[A-Za-z]_)[A-Za-z]"))
LOWER_WORD_RE = re.compile(r"[a-z]{8,24}")
PIECE_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
MAC_RE = re.compile(r"^(?:Mac|Mc|De|Le|La|Di|Van|Von|O)[A-Z]")
PATH_USER_RE = re.compile(
    r"(?:(?<![A-Za-z])[A-Za-z]:[\\/]+users[\\/]+|(?<![\w.:/])/(?:home|users)/)([^\\/\s:*?\"<>|]{2,40})",
    re.I,
)
PATH_HINT_RE = re.compile(r"[\\/](?:home|users)[\\/]", re.I)  # in every PATH_USER_RE match
RARE_ZIPF = 3.0  # a name part more frequent than this in English text is an ordinary word
# a Gaelic patronymic surname ("macleod", "mcinnes"): a listed name of this shape that is no
# ordinary word is a name part however often wordfreq has seen it (common surnames are frequent)
PATRONYMIC_RE = re.compile(r"(?:mac|mc)[a-z]{3,}")
WORD_ZIPF = 1.5  # a whole token wordfreq knows this well is a word ("governance"), not two names
# endings of English words that no joined name has ("summarisation", "teleconsulting")
WORD_SHAPE = re.compile(
    r"(?:tion|tions|sion|sions|ment|ments|ness|ing|ings|ism|isms|ity|ities|ised|ized|ises|izes)$"
)


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


class JoinedNameRecognizer:
    name = name

    def __init__(self, settings, ordinary=None, register_forms: dict | None = None) -> None:
        self.ordinary = ordinary or ordinary_words(tuple(settings.languages), str(settings.reference_dir))
        first, last = folded_names(str(settings.reference_dir))
        self.names = first | last
        # a registered person's single-word name (never a form kept only capitalised or exact)
        self.registered = {
            f: canonical
            for f, (etype, canonical, g, _) in (register_forms or {}).items()
            if etype == "PERSON" and " " not in f and len(f) >= 3 and not g and f.isalpha()
        }
        self.generic = {w.casefold() for w in cue_words("generic_user_folders", settings.reference_dir)}
        # a title may open a handle or hashtag like an ordinary word ("@DrAnynameRoe")
        self.titles = frozenset(t.casefold() for t in cue_words("titles", settings.reference_dir))
        self._seen: dict[tuple[str, bool], tuple[bool, str | None] | None] = {}
        self._camel_words = WordFilter(CAMEL_WORD_RE.fullmatch)
        self._lower_words = WordFilter(
            lambda w: bool(LOWER_WORD_RE.fullmatch(w)) and self._lower_token(w) is not None
        )

    def _name_part(self, part: str) -> bool:
        if part in self.registered:
            return True
        if len(part) < 3 or part not in self.names or self.ordinary(part):
            return False
        return _zipf(part) < RARE_ZIPF or PATRONYMIC_RE.fullmatch(part) is not None

    def _split(self, low: str, fillers: bool) -> list[tuple[str, bool]] | None:
        """Parts of `low` (name parts, and ordinary words if `fillers`), fewest parts first."""
        n = len(low)
        best: list[list[tuple[str, bool]] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(1, n + 1):
            for start in range(end):
                prev = best[start]
                if prev is None:
                    continue
                part = low[start:end]
                if self._name_part(part):
                    cand = [*prev, (part, True)]
                elif (
                    fillers
                    and (len(part) >= 2 or part == "a")
                    and (self.ordinary(part) or part in self.titles)
                ):
                    cand = [*prev, (part, False)]
                else:
                    continue
                cur = best[end]
                if cur is None or len(cand) < len(cur):
                    best[end] = cand
        return best[n]

    def _owner(self, names: list[str]) -> str | None:
        """The one registered person the name parts belong to, if there is one."""
        owners = {self.registered[p] for p in names if p in self.registered}
        return next(iter(owners)) if len(owners) == 1 else None

    def _decide(self, token: str, loose: bool) -> tuple[bool, str | None] | None:
        """None if `token` is no joined name; else (all parts names, registered canonical)."""
        key = (token, loose)
        if key in self._seen:
            return self._seen[key]
        out = None
        chunks = [c for c in re.split(r"[\d_\-]+", token) if c]
        camel = any(re.search(r"[a-z][A-Z]", c) for c in chunks)
        if chunks and not (camel and MAC_RE.match(token)):
            parts: list[tuple[str, bool]] = []
            ok = True
            for chunk in chunks:
                pieces = PIECE_RE.findall(chunk) if camel else [chunk]
                for piece in pieces:
                    got = self._split(piece.lower(), loose or camel)
                    if got is None and loose and len(pieces) == 1 and len(piece) >= 5:
                        # a handle of an initial and a surname ("@aroe", "@jpengelly")
                        rest = self._split(piece[1:].lower(), False)
                        got = [(piece[0].lower(), False), *rest] if rest else None
                    if got is None and loose and len(chunks) > 1 and _zipf(piece.lower()) >= WORD_ZIPF:
                        got = [(piece.lower(), False)]  # a word beside the name ("@anyroe-bot", "_dev")
                    if got is None:
                        ok = False
                        break
                    parts += got
                if not ok:
                    break
            names = [p for p, is_name in parts if is_name]
            if ok and names and (loose or camel or (len(names) >= 2 and len(names) == len(parts))):
                out = (len(names) == len(parts), self._owner(names))
        self._seen[key] = out
        return out

    def _lower_token(self, word: str) -> tuple[bool, str | None] | None:
        """The decision on a plain lower-case token (a pure function of the word)."""
        if self.ordinary(word) or fold_word(word) in self.registered or WORD_SHAPE.search(word):
            return None
        if _zipf(word) >= WORD_ZIPF:
            return None
        if word.endswith("s") and _zipf(word[:-1]) >= WORD_ZIPF:
            return None  # the plural of a word wordfreq knows ("quantiles"), not two names
        return self._decide(word, False)

    def _lower_possible(self, index: TextIndex) -> bool:
        """Whether any word of the text can be a joined lower-case name: a LOWER_RE match is
        always a whole word of the index (it is bounded by no letter, apostrophe or hyphen)."""
        return bool(self._lower_words.among(index.distinct))

    def _joined_words(self, words: list[str]) -> list[str] | None:
        """The name parts of a dotted or underscored token whose words are each a name part, a
        run of joined name parts ("anynameroe") or a word (ordinary, or one wordfreq knows),
        with two name parts or more ("anynameroe.carer", "anyname_roe_bakes"); None if it is
        no such token."""
        names: list[str] = []
        for word in words:
            if self._name_part(word):
                names.append(word)
                continue
            got = self._split(word, False) if len(word) >= 6 else None
            if got is not None and len(got) >= 2:
                names += [p for p, _ in got]
            elif not (self.ordinary(word) or _zipf(word) >= WORD_ZIPF):
                return None
        return names if len(names) >= 2 else None

    def find(self, seen: str, index: TextIndex | None = None, text: str | None = None) -> list[Span]:
        """Spans over the folded view `seen`; `text`, the text it was made from, gives back the
        underscores the view reads as spaces, so that a handle ("@anyname_roe_bakes") is one
        token."""
        spans: list[Span] = []
        handles = seen
        if text is not None and "_" in text and len(text) == len(seen):
            chars = list(seen)
            at = text.find("_")
            while at >= 0:
                chars[at] = "_"
                at = text.find("_", at + 1)
            handles = "".join(chars)
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, decided: tuple[bool, str | None]) -> None:
            if any(a < end and start < b for a, b in taken):
                return
            all_names, owner = decided
            surface = seen[start:end]
            if owner is not None:
                spans.append(Span(start, end, "PERSON", owner, "register", 1.0))
            else:
                conf = 0.9 if all_names else 0.8
                spans.append(Span(start, end, "PERSON", surface, "context:joined-name", conf))
            taken.append((start, end))

        paths = ("/" in seen or "\\" in seen) and PATH_HINT_RE.search(seen) is not None
        for m in PATH_USER_RE.finditer(seen) if paths else ():
            folder = m.group(1)
            if folder.casefold() in self.generic or not any(c.isalpha() for c in folder):
                continue
            spans.append(Span(m.start(1), m.end(1), "PERSON", folder, "context:path-user", 0.9))
            taken.append((m.start(1), m.end(1)))
        sigils = [rx for c, rx in zip("#@", SIGIL_RES, strict=True) if c in seen]
        if sigils:
            for m in sorted((m for rx in sigils for m in rx.finditer(handles)), key=re.Match.start):
                decided = self._decide(m.group(2), True)
                if decided is not None:
                    add(m.start(2), m.end(2), decided)
        index = index_of(seen, index)
        camel = self._camel_words.among(index.distinct)
        # a CAMEL_RE match is a whole word of the index: tried only where a camel-case word occurs
        for m in matches_at_words(CAMEL_RE, index, camel, (), lambda m: True) if camel else ():
            decided = self._decide(m.group(1), False)
            if decided is not None:
                add(m.start(1), m.end(1), decided)
        for m in self._separated(handles):
            words = re.split(r"[._]", m.group(1).lower())
            if len(words) >= 2 and all(self._name_part(w) for w in words):
                add(m.start(1), m.end(1), (True, self._owner(words)))
            elif len(words) >= 2 and (names := self._joined_words(words)) is not None:
                add(m.start(1), m.end(1), (False, self._owner(names)))
        lower = self._lower_words.among(index.distinct)
        if lower:
            # a LOWER_RE match is a whole word of the index: the scan is tried only where a
            # word that is a joined name occurs (no other match can overlap one)
            for m in matches_at_words(LOWER_RE, index, lower, (), lambda m: m.group(1) in lower):
                decided = self._lower_token(m.group(1))
                if decided is not None:
                    add(m.start(1), m.end(1), decided)
        return spans

    @staticmethod
    def _separated(seen: str) -> list[re.Match]:
        """SEPARATED_RE.finditer(seen), tried only where a match can start: at the start of the
        word (run of word characters) before a dot or underscore between two letters."""
        starts = []
        for j in sorted(h.start() for rx in SEPARATOR_RES for h in rx.finditer(seen)):
            while j > 0 and (seen[j - 1].isalnum() or seen[j - 1] == "_"):  # what \w matches
                j -= 1
            if not starts or starts[-1] != j:
                starts.append(j)
        out, end = [], 0
        for j in starts:
            if j < end:
                continue
            m = SEPARATED_RE.match(seen, j)
            if m is not None:
                out.append(m)
                end = m.end()
        return out
