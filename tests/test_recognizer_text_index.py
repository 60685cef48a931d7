"""The shared word index and the fast paths built on it find exactly what the plain scans find.

Each fast path (a scan skipped when no word of the text can feed it, a scan tried only where a
match can start, a look-behind moved after the first character) is checked against the plain
regular expression it replaces, on texts made to sit on its boundaries."""

import re

from coprod.privacy.analyzer import Settings
from coprod.privacy.names import CAP_RE
from coprod.privacy.recognizers import place_chains
from coprod.privacy.recognizers.context import ContextRecognizer
from coprod.privacy.recognizers.cued_names import CuedNameRecognizer
from coprod.privacy.recognizers.joined_names import (
    CAMEL_RE,
    LOWER_RE,
    SEPARATED_RE,
    SIGIL_RE,
    JoinedNameRecognizer,
)
from coprod.privacy.recognizers.lowercase_heads import LowercaseHeadRecognizer
from coprod.privacy.recognizers.show_titles import CASE_VARIANTS, ShowTitleRecognizer
from coprod.privacy.recognizers.spelled import SpelledRecognizer
from coprod.privacy.recognizers.text_index import (
    WORD_RE,
    Phrases,
    TextIndex,
    Vocabulary,
    WordFilter,
    index_of,
    matches_from,
)
from coprod.privacy.recognizers.vessels import VesselRecognizer
from coprod.privacy.recognizers.world_places import WorldPlaceRecognizer
from coprod.privacy.reference import ordinary_words

TEXTS = [
    "",
    "Anna.Roe and anna.roe.smith.jones wrote to x.y and abc_def_ghi, e.g. a.b.c; o'brien.smith too",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbb and Morwenna_Pengelly_Rose and .lead.dot end.",
    "see C:\\Users\\jroe\\notes, /home/aroe/x and /HOME/Public/y or /users/ and just a/b",
    "McDonald met PowerPoint and iPad; 'SharePoint' -YouTube x.MorwennaPengelly #TeamTamsin @jroe",
    "T-R-E-V-O-S-E, t - r - e - v, a-b-c, well-being, x- y -z - w",
    "she served on HMS Anyname, hms victory, ex-HMS Trelawney and the USS. Kidd; discuss it",
    "tamsin said, morwenna's coat, x-siobhan's book, (tamsin went) and ann went 2tamsin said",
    "Ｍｏｒａｇ went to Penzance, St. Ives and St Just; in Wells, we'll see Mr O'Brien",
    "morwennapengelly, pengellymorwenna and nevertheless teleconsultation",
    "penzance hospital, the wells road, ava- road, glasgows road, ann-marie road, x penzance  road",
    "North Wales, x-South Shields, 'West Ham, Port Isaac. Isle of Mull, Mt. Etna, A B C, O'Brien Smith",
    "we went to South Yorkshire and then Lake Garda; near North Shields, Truro Penzance",
]


def test_the_index_holds_every_word_once_with_its_offsets():
    text = "St. Ives, O'Brien's well-being — Ｍｏｒａｇ 2x"
    index = TextIndex(text)
    assert index.words == ["St", "Ives", "O'Brien's", "well-being", "Ｍｏｒａｇ", "x"]
    assert [(m.start(), m.end()) for m in index.matches][:2] == [(0, 2), (4, 8)]
    assert index.distinct == set(index.words)
    assert index_of(text, index) is index
    assert index_of("other", index) is not index


def test_ascii_text_is_split_into_the_same_words_by_the_ascii_pattern():
    for text in TEXTS + ["don't-stop it's x-ray a--b 'quoted' end-", "O'Hara's well-being"]:
        if text.isascii():
            assert [m.span() for m in TextIndex(text).matches] == [m.span() for m in WORD_RE.finditer(text)]
    assert TextIndex("O'Hara's well-being").words == ["O'Hara's", "well-being"]


def test_the_words_offsets_are_those_of_the_plain_scan():
    extra = ["don't-stop it's x-ray a--b 'quoted' end-", "’Tis Ｍｏｒａｇ's café-bar 2x3y ſtaff", "  ", "a"]
    for text in TEXTS + extra:
        index = TextIndex(text)
        found = list(WORD_RE.finditer(text))
        assert index.words == [m.group() for m in found]
        assert index.starts == [m.start() for m in found]
        assert index.ends == [m.end() for m in found]
        assert [m.span() for m in index.matches] == [m.span() for m in found]


def test_word_positions_by_table_are_those_of_the_plain_pass():
    vocabulary = Vocabulary()
    # long texts (the table) and short ones (the plain pass), sharing one vocabulary
    texts = [" ".join(TEXTS * k) for k in (1, 3, 5)] + TEXTS
    for text in texts:
        index = TextIndex(text, vocabulary)
        words = index.words
        for among in ({"and"}, {"Penzance", "road", "x", "nowhere"}, set(), set(words[::7]), {"never-seen"}):
            assert index.where(among) == [i for i, w in enumerate(words) if w in among]
    assert len(TextIndex(texts[2], vocabulary).words) >= 200  # the table was used


def test_moved_look_behinds_match_as_the_plain_forms_do():
    plain = {
        CAMEL_RE: re.compile(r"(?<![\w'’\-@#./\\])([A-Z][a-z]+(?:[A-Z][a-z]+)+)(?![\w'’\-]|\.\w)"),
        SIGIL_RE: re.compile(r"(?<![\w@#.])([#@])([A-Za-z][A-Za-z0-9_]{3,})(?![\w'’\-])"),
        CAP_RE: re.compile(r"(?<![\w'\-])[A-ZÀ-Þ][\w'’\-]*"),
        place_chains.COMPASS_RE: re.compile(
            rf"(?<![\w'’\-])(?:{place_chains.COMPASS}) (?P<place>{place_chains.CAP}(?: {place_chains.CAP})?)"
            r"(?![\w'’\-])"
        ),
        place_chains.PAIR_RE: re.compile(
            rf"(?<![\w'’\-])(?P<a>{place_chains.CAP})(?P<gap>,? )(?P<b>{place_chains.CAP})(?![\w'’\-])"
        ),
    }
    for fast, slow in plain.items():
        for text in TEXTS:
            got = [(m.span(), m.groups()) for m in fast.finditer(text)]
            assert got == [(m.span(), m.groups()) for m in slow.finditer(text)]


def test_dot_and_underscore_names_are_found_wherever_the_plain_scan_finds_them():
    for text in TEXTS:
        got = [m.span() for m in JoinedNameRecognizer._separated(text)]
        assert got == [m.span() for m in SEPARATED_RE.finditer(text)]
    assert [m.group(1) for m in JoinedNameRecognizer._separated(TEXTS[1])] == [
        "Anna.Roe",
        "abc_def_ghi",
        "brien.smith",
    ]


def test_skipped_scans_could_have_found_nothing():
    settings = Settings()
    ordinary = ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    joined = JoinedNameRecognizer(settings, ordinary)
    vessels = VesselRecognizer(settings)
    for text in TEXTS:
        index = TextIndex(text)
        if not joined._lower_possible(index):
            assert [m for m in LOWER_RE.finditer(text) if joined._lower_token(m.group(1))] == []
        if not vessels._possible(index):
            assert list(vessels.rx.finditer(text)) == []
    assert joined._lower_possible(TextIndex(TEXTS[9]))
    assert vessels._possible(TextIndex(TEXTS[6])) and not vessels._possible(TextIndex(TEXTS[1]))
    spelled = [SpelledRecognizer().find(t) for t in TEXTS]
    assert [s.canonical for s in spelled[5]] == ["T-R-E-V-O-S-E", "t - r - e - v", "x- y -z - w"]
    assert all(found == [] for k, found in enumerate(spelled) if k != 5)


def test_names_before_a_cue_are_the_plain_scans_matches_that_pass_the_filter():
    settings = Settings()
    cued = CuedNameRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    assert cued._after_exact
    for text in TEXTS:
        fast = [m.span("a") for m in cued._after_matches(text, TextIndex(text))]
        plain = [m.span("a") for m in cued.rx_after.finditer(text) if cued._after_name(m.group("a"))]
        assert fast == plain
    found = [TEXTS[7][s.start : s.end] for s in cued.find(TEXTS[7]) if s.detector == "context:name-cue-after"]
    assert found == ["tamsin", "morwenna", "siobhan", "tamsin"]


CUE_TEXTS = [
    "My name is Morwenna, MY AUNTIE Tamsin and my  friend Ann; thank you, Priya. Thanks priya",
    "Mrs. Pengelly, mrs pengelly, Dr.Roe, drmrs Roe, x-mr roe, it's mr roe, o'mr Roe, mr, roe",
    "a man called Trevor, a woman  called Jenna, A LADY CALLED ann, called, called Bob",
    "Ｍｙ ｎａｍｅ ｉｓ Morwenna; my name is ſally and mr roe",  # not ASCII: the plain scan
    "nothing to see here, just addresses and dresses, mister and doctors",
]


def test_the_cue_scan_finds_what_the_plain_scan_finds():
    settings = Settings()
    cued = CuedNameRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    for text in TEXTS + CUE_TEXTS:
        cues = cued._cues.literals(TextIndex(text))
        assert (cues is None) == (not text.isascii())
        plain = [(m.span(), m.groups()) for m in cued.rx.finditer(text)]
        if cues is not None:
            fast = matches_from(cued.rx, text, text.lower(), cues)
            assert [(m.span(), m.groups()) for m in fast] == plain
    found = [CUE_TEXTS[0][s.start : s.end] for s in cued.find(CUE_TEXTS[0])]
    assert found[:3] == ["Morwenna", "Tamsin", "Priya"]  # "my  friend" (two spaces) is no cue


def test_phrases_are_looked_for_only_when_all_their_words_are_in_the_text():
    phrases = Phrases(["my aunt", "Thank You", "2020 vision", "ménière's", "2021"])
    found = phrases.literals(TextIndex("MY Aunt said thank-you"))
    assert sorted(found) == ["2021", "my aunt", "thank you"]  # a phrase of no letters: always
    assert phrases.literals(TextIndex("my uncle, thanks, a 2020 Vision")) == ["2021", "2020 vision"]
    assert phrases.literals(TextIndex("my auntie")) == ["2021"]  # "aunt" is no word of it
    assert phrases.literals(TextIndex("ménière's")) is None  # not ASCII: scan it all


def test_world_places_are_the_same_with_or_without_a_shared_index():
    settings = Settings()
    world = WorldPlaceRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    for text in TEXTS:
        assert world.find(text, TextIndex(text)) == world.find(text)
    # (a recognizer reads the folded view; given the raw fullwidth word it still keys it)
    assert [(s.canonical, s.detector) for s in world.find(TEXTS[8])] == [
        ("Ｍｏｒａｇ", "world-place"),
        ("Penzance", "world-place"),
        ("St. Ives", "world-place"),
        ("Wells", "world-place:locative"),
    ]


def test_names_before_a_head_are_the_plain_scans_matches_that_pass_the_filter():
    settings = Settings()
    heads = LowercaseHeadRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    assert heads._exact and "ava-" in heads._odd
    # odd names looked for only where their letter runs are words of the text: inside a longer
    # word, beside another odd name, absent, or in a text that is not ASCII (then all of them)
    odd = [
        "near java- road",
        "lily- ruby- road and ava- lane",
        "the ava road",
        "no names here",
        "ava- road café",
    ]
    for text in [*TEXTS, *odd]:
        fast = [m.span() for m in heads._matches(text, TextIndex(text))]
        assert fast == [m.span() for m in heads.rx.finditer(text) if heads._name(m.group(1))]
    found = [(TEXTS[-3][s.start : s.end], s.type) for s in heads.find(TEXTS[-3])]
    # "glasgows": no listed name, but a rare word before a head that names only a street
    assert found == [
        ("penzance hospital", "ORG"),
        ("ava- road", "PLACE"),
        ("glasgows road", "PLACE"),
        ("ann-marie road", "PLACE"),
    ]


def test_place_chain_prefixes_and_region_halves_match_as_the_plain_scans_do():
    settings = Settings()
    chains = place_chains.PlaceChainRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    prefixes = sorted(place_chains.cue_words("place_prefixes", settings.reference_dir), key=len, reverse=True)
    plain = re.compile(
        rf"(?<![\w'’\-])(?:{'|'.join(map(re.escape, prefixes))})\.? "
        rf"(?P<name>{place_chains.CAP}(?: {place_chains.CAP})?)(?![\w'’\-])"
    )
    for text in TEXTS:
        assert [m.span() for m in chains.rx_prefix.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert chains.find(text, TextIndex(text)) == chains.find(text)
    assert [(s.canonical, s.detector) for s in chains.find(TEXTS[-2])] == [
        ("Port Isaac", "context:place-prefix"),
        ("Mt. Etna", "context:place-prefix"),
    ]
    assert [(s.canonical, s.detector) for s in chains.find(TEXTS[-1])] == [
        ("South Yorkshire", "context:compass-place"),
        ("Lake Garda", "context:place-prefix"),
    ]


def test_show_titles_skip_only_texts_without_a_cue_in_any_case():
    settings = Settings()
    shows = ShowTitleRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    texts = [*TEXTS, "WELCOME TO The Seen Show", "you're lıstening to The Big Show", "an epiſode of Top Gear"]
    for text in texts:
        plain = [m.span("title") for m in shows.rx.finditer(text)]
        if plain:
            assert any(c in text.translate(CASE_VARIANTS).lower() for c in shows.cues)
    assert [s.canonical for t in texts[-3:] for s in shows.find(t)] == [
        "The Seen Show",
        "The Big Show",
        "Top Gear",
    ]


def test_words_skipped_alone_by_the_context_rules_could_have_found_nothing():
    texts = TEXTS + [
        "I went to Anytown. The end. A man called Bob. The Highland Council met; I Smith said",
        "So Will said The of Anytown, A and B, The Grange, I. Ross, I, Morag; The × Roe; the Mrs",
        "And The Scottish Government said so. If Hope comes, So be it. in Staffin the Possilpark",
        "The Dr said, The Admiral Roe, The NHS, THE END, The MacLeod, The-Ewan thing, Ann-Marie",
    ]
    plain = ContextRecognizer(Settings(), {"will"})
    plain.finder._solo_dead = lambda word: False  # every capitalised word through every rule
    fast = ContextRecognizer(Settings(), {"will"})
    for text in texts:
        assert fast.find(text) == plain.find(text)
    assert fast.finder._dead["I"] and fast.finder._dead["The"] and not fast.finder._dead["Will"]


def test_a_word_filter_over_a_vocabulary_passes_what_it_passes_without_one():
    tested: list[str] = []

    def test(word: str) -> bool:
        tested.append(word)
        return word[:1].isupper()

    shared, plain, vocabulary = WordFilter(test), WordFilter(lambda w: w[:1].isupper()), Vocabulary()
    indexes = [TextIndex(text, vocabulary) for text in TEXTS]
    for k, index in enumerate(indexes):
        if k % 3 == 2:
            continue  # texts the filter is not asked about: their words are tested later
        assert shared.among(index.distinct) == plain.among(set(index.words))
    # an older text after newer ones, and a text indexed without the vocabulary
    assert shared.among(indexes[2].distinct) == plain.among(set(indexes[2].words))
    assert shared.among(TextIndex("Zennor and Anna").distinct) == {"Zennor", "Anna"}
    # each word of the vocabulary tested once; the text without one on its own
    assert sorted(tested[: len(vocabulary.order)]) == sorted(vocabulary.order)
    assert sorted(tested[len(vocabulary.order) :]) == ["Anna", "Zennor", "and"]


def test_the_allow_list_scan_finds_what_the_plain_scan_finds():
    from coprod.privacy.analyzer import Analyzer

    analyzer = Analyzer([], Settings())
    texts = TEXTS + [
        "The 2014 Act and the 2020 Vision for Health and Social Care; Age Scotland, age-scotland",
        "Accounts Commission for Scotland met Alzheimer Scotland's Achilles tendon team (Alliance)",
        "the Adult Support and Protection (Scotland) Act 2007, ADDISON'S DISEASE, addison’s disease",
        "x2014 act, 2014 acts, the alliances of Alzheimer  Scotland, accounts\ncommission",
    ]
    for text in texts:
        low = analyzer._low(text)
        plain = [(m.start(), m.end()) for m in analyzer._allow.finditer(low)]
        assert analyzer.protected(text) == plain
    assert len(analyzer.protected(texts[-4])) == 3  # 2014 Act, 2020 Vision for…, Age Scotland


def test_the_allow_list_scan_near_the_spans_drops_what_the_whole_text_scan_drops():
    """`_finish` scans for allowed phrases only in the texts of a batch where a span's surface is
    part of a listed phrase: every span is inside one of those exactly when it is inside one of
    the whole-text scan's (random batches of listed phrases, their parts, overlapping phrases,
    look-alike and non-ASCII words, NUL-separated as `find_many` joins them)."""
    import random

    from coprod.privacy.analyzer import SEP, Analyzer, _inside
    from coprod.privacy.detectors import Span

    analyzer = Analyzer([], Settings())
    listed = sorted({a.lower() for a in analyzer.names.allow})
    rng = random.Random(24)
    parts = [*rng.sample(listed, 40), "age", "scotland", "Ｍｏｒａｇ", "act", "x", "the", "2014", "Accounts"]
    parts += [p.split()[-1] for p in rng.sample(listed, 10)] + [p.title() for p in rng.sample(listed, 10)]
    for _ in range(300):
        gaps = ["", " ", " ", ", ", "-", "\n"]
        texts = [
            "".join(rng.choice(parts) + rng.choice(gaps) for _ in range(rng.randint(0, 8)))
            for _ in range(rng.randint(1, 6))
        ]
        text = SEP.join(texts)
        words = [m.span() for m in re.finditer(r"\w+", text)]
        spans = [Span(a, b, "NAME", text[a:b], "context:proper-noun", 0.4) for a, b in words]
        spans += [  # longer runs, and spans that start or end inside a word
            Span(a, b, "PLACE", text[a:b], "gazetteer", 0.9)
            for a, b in (sorted(rng.sample(range(len(text) + 1), 2)) for _ in range(10) if len(text) > 1)
        ]
        whole = analyzer.protected(text)
        analyzer._protected_cache = (None, [])  # not reused: the near scan on its own
        near = analyzer._protected_near(spans, text)
        assert all(a in whole for a in near)
        for s in spans:
            inside = _inside(s, whole, [a for a, _ in whole])
            assert _inside(s, near, [a for a, _ in near]) == inside
            alone = analyzer._protected_near([s], text)  # its own text's scan, no other span's
            assert _inside(s, alone, [a for a, _ in alone]) == inside


REGISTER_TEXTS = [
    "the Pengellys' house, the Pengelly's car, pengellys said, the Pengellyss' x, Tamsin's",
    "Morag_Pengelly and t01Morag wrote; mdrysdale01 and MORAG PENGELLY, mo'rag, o'brien's",
    "Anytown Community Hub, the anytown hubs' staff and Trelawney Farms' fields; Farm",
    "Ｍｏｒａｇ met Tamsin",  # not ASCII: the plain scan
]


def test_register_forms_are_tried_only_where_a_form_can_start():
    from coprod.privacy.recognizers.register import RegisterRecognizer, lower
    from coprod.privacy.register import Entity

    entities = [
        Entity(type="PERSON", name="Morag Pengelly", aliases=("Tamsin",)),
        Entity(type="PERSON", name="Ann O'Brien"),
        Entity(type="ORG", name="Anytown Community Hub"),
        Entity(type="PLACE", name="Trelawney Farm"),
    ]
    reg = RegisterRecognizer(entities, Settings())
    for text in TEXTS + REGISTER_TEXTS:
        low = lower(text)
        literals = reg._reg_phrases.literals(TextIndex(text))
        assert (literals is None) == (not text.isascii())
        plain = [m.span() for m in reg._reg.finditer(low)]
        if literals is not None:
            assert [m.span() for m in matches_from(reg._reg, low, low, literals)] == plain
    found = [
        REGISTER_TEXTS[0][s.start : s.end] for s in reg.find(REGISTER_TEXTS[0]) if s.detector == "register"
    ]
    assert found == ["Pengellys", "Pengelly", "Tamsin"]  # a plural possessive with its "s"


def test_plural_phrases_allow_an_s_after_the_last_word_only():
    phrases = Phrases(["drysdale", "anytown hub"], plural=True)
    assert sorted(phrases.literals(TextIndex("the Drysdales' house"))) == ["drysdale"]
    assert sorted(phrases.literals(TextIndex("the Anytown hubs' staff"))) == ["anytown hub"]
    assert phrases.literals(TextIndex("the Anytowns hub")) == []  # only the last word's plural
    assert Phrases(["drysdale"]).literals(TextIndex("the Drysdales' house")) == []


def test_handles_visit_only_the_digit_runs_beside_a_word_character():
    from coprod.privacy.recognizers.register import DIGITS_RE, JOINED_DIGITS_RE, handles

    texts = TEXTS + [
        "call 0131 496 0000 at 10:30, room 2b, mdrysdale01 and x_12 or ab12cd, ¹2³ 12½ ٣4a",
        "in 1999 and the 80s, 3rd of May; jroe-77.backup and .45. and 2020.",
    ]
    for text in texts:
        word = re.compile(r"[^\W\d]")
        plain = [
            m.span()
            for m in DIGITS_RE.finditer(text)
            if word.fullmatch(text[m.start() - 1 : m.start()] or "-")
            or word.fullmatch(text[m.end() : m.end() + 1] or "-")
        ]
        assert [m.span() for m in JOINED_DIGITS_RE.finditer(text)] == plain
    assert [texts[-2][a:b] for a, b in handles(texts[-2])] == ["mdrysdale01", "ab12cd"]
    assert handles(texts[-1]) == []  # "80s", "3rd": too short; "-77.": no letter beside it


def _joined():
    settings = Settings()
    words = ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    return JoinedNameRecognizer(settings, words)


def test_lower_case_joined_names_are_tried_only_where_one_can_be():
    from coprod.privacy.recognizers.text_index import matches_at

    joined = _joined()
    texts = TEXTS + [
        "xmorwennapengelly morwennapengelly-x morwennapengellyy.x @morwennapengelly and morwennapengelly.",
        "morwennapengellymorwennapengelly, 'morwennapengelly' teleconsultation morwennapengelly",
    ]
    for text in texts:
        lower = joined._lower_words.among(TextIndex(text).distinct)
        fast = [
            m.span() for m in matches_at(LOWER_RE, text, lower, lambda m, lower=lower: m.group(1) in lower)
        ]
        assert fast == [m.span() for m in LOWER_RE.finditer(text) if joined._lower_token(m.group(1))]
    found = [texts[-2][s.start : s.end] for s in joined.find(texts[-2])]
    assert found == ["morwennapengelly", "morwennapengelly"]


def test_camel_case_names_are_tried_only_where_a_camel_case_word_occurs():
    from coprod.privacy.recognizers.text_index import matches_at

    joined = _joined()
    texts = TEXTS + [
        "MorwennaPengelly's, xMorwennaPengelly, MorwennaPengelly.x, (MorwennaPengelly) ÉMorwennaPengelly"
    ]
    for text in texts:
        camel = joined._camel_words.among(TextIndex(text).distinct)
        fast = [m.span() for m in matches_at(CAMEL_RE, text, camel, lambda m: True)]
        assert fast == [m.span() for m in CAMEL_RE.finditer(text)]
    assert [texts[-1][s.start : s.end] for s in joined.find(texts[-1])] == ["MorwennaPengelly"]


def _greetings_plain(greet, seen):
    """The greeting rule as a loop over every word with the whole text folded first."""
    index = TextIndex(seen)
    names = greet._names.among(index.distinct)
    words, strs = index.matches, index.words
    low = [w.casefold() for w in strs]

    def joined(i, j):
        return all(seen[words[k].end() : words[k + 1].start()].strip(" ,") == "" for k in range(i, j - 1))

    out = []
    for i, w in enumerate(strs):
        if w not in names:
            continue
        end = i
        hit = any(
            i >= len(p) and tuple(low[i - len(p) : i]) == p and joined(i - len(p), i + 1)
            for p in greet.before
        )
        if not hit:
            j = i + 1
            if j < len(low) and len(low[j]) == 1 and low[j] not in {"i", "a"} and joined(i, j + 1):
                j += 1
            for p in greet.after:
                if tuple(low[j : j + len(p)]) == p and joined(i, j + len(p)):
                    hit, end = True, j - 1
                    break
        if hit:
            out.append((words[i].start(), words[end].end()))
    return out


def test_greetings_read_the_words_around_each_name_only():
    from coprod.privacy.recognizers.greetings import GreetingRecognizer

    settings = Settings()
    greet = GreetingRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    texts = TEXTS + [
        "tamsin how are you? thank you tamsin, hello tamsin b how are you, hi Tamsin",
        "morning Ailsa and good morning ailsa, ailsa b, cheers ailsa x thanks  ailsa",
        "thanks ailsa how are you",
        "thank you very much ailsa",
        "ailsa",
        "hello ailsa",
    ]
    for text in texts:
        assert [(s.start, s.end) for s in greet.find(text)] == _greetings_plain(greet, text)
    found = [texts[-6][s.start : s.end] for s in greet.find(texts[-6])]
    assert found == ["tamsin", "tamsin", "tamsin", "Tamsin"]
    # only a name with a phrase's last word before it or a phrase's first word after it (or
    # after an initial) has its window read: on random texts of greeting words, names and
    # initials the same spans as the loop over every word
    from conftest import random_texts

    parts = [
        "thank you", "thanks", "hello", "Hello", "THANKS", "hi", "morning", "good", "cheers", "how are you",
        "How are you", "are", "very", "much", "tamsin", "Tamsin", "ailsa", "Ailsa", "b", "x", "i", "a", ",",
        "?", "TAMSIN", "bye", "nice to see you", "tamsin b", "ailsa x", "Tamsin i",
    ]  # fmt: skip
    hits = 0
    for text in random_texts(parts, 5, 8, gaps=(" ", " ", ", ", "  ", "")):
        want = _greetings_plain(greet, text)
        assert [(s.start, s.end) for s in greet.find(text)] == want, text
        hits += bool(want)
    assert hits > 300


def test_web_address_anchors_are_the_plain_scans_matches():
    from coprod.privacy.recognizers.web_addresses import ANCHOR_RE, anchors

    texts = TEXTS + [
        "site.com.au, e.g. x.y.zz, .com a.bc1 a.bc.d ab..cd www.x.org/p?q=1 3.50 v2.Test ok.Go .uk",
        "a.b.c.d.ee.ff and s.t.uu, end.",
        ".ab",
        "a.bc",
        "x",
        "",
    ]
    for text in texts:
        assert anchors(text) == [m.span() for m in ANCHOR_RE.finditer(text)]


SPELT_TEXTS = [
    "O K O N J O, o. k. o. n. j. o., o.k.o.n.j.o and O-K-O-N-J-O; M o r a g, m-o-r-a-g.",
    "x.A-b-c-d, 'a b c d', a b c, I a b, -a-b-c-d, ú.r.s.ú.l.a, Ú Ř S Ú, a_b_c_d, a1b2c3d4",
    "a b",
    "A-B",
    "A. B. C",
    "i a to I say, a I a",
    "Morag",
]


def test_spelt_register_names_are_scanned_for_only_when_the_index_allows_one():
    from coprod.privacy.recognizers.register import LETTERS_RE, RegisterRecognizer
    from coprod.privacy.register import Entity

    reg = RegisterRecognizer([Entity(type="PERSON", name="Morag Okonjo")], Settings())
    plain_reg = RegisterRecognizer([Entity(type="PERSON", name="Morag Okonjo")], Settings())
    plain_reg._may_spell = lambda index: True  # the scan on every text, as before the gate
    for text in TEXTS + REGISTER_TEXTS + SPELT_TEXTS:
        if any(True for _ in LETTERS_RE.finditer(text)):
            assert reg._may_spell(TextIndex(text)), text
        assert reg.find(text) == plain_reg.find(text)
    assert not reg._may_spell(TextIndex("I said a word and I left"))
    found = [SPELT_TEXTS[0][s.start : s.end] for s in reg.find(SPELT_TEXTS[0])]
    assert found == [
        "O K O N J O",
        "o. k. o. n. j. o.",
        "o.k.o.n.j.o",
        "O-K-O-N-J-O",
        "M o r a g",
        "m-o-r-a-g.",
    ]


def test_honorifics_are_scanned_for_only_when_a_word_ends_in_one():
    cued = CuedNameRecognizer(Settings(), ordinary_words(("en",)))
    plain = CuedNameRecognizer(Settings(), ordinary_words(("en",)))
    plain._suffix_exact = False  # the scan on every text, as before the gate
    texts = (
        TEXTS
        + CUE_TEXTS
        + [
            "Tanabe-san, Tanabe-SAN and Kim ssi; Sharma-ji, Sharma-Ji's, Ota-sama2, the San Diego",
            "x -san, Ito-sensei. Ito sensei, (Lee-nim) and Park-Nim; Ito-senseis",
            "Ｔａｎａｂｅ-san",  # not ASCII: always scanned
        ]
    )
    for text in texts:
        ascii_hit = text.isascii() and any(True for _ in cued.rx_suffix.finditer(text))
        if ascii_hit:
            assert cued._suffix_words.among(TextIndex(text).distinct), text
        assert cued.find(text) == plain.find(text)
    found = [
        texts[-3][s.start : s.end] for s in cued.find(texts[-3]) if s.detector == "context:name-cue-after"
    ]
    assert found == ["Tanabe", "Tanabe", "Kim", "Sharma"]  # not "Sharma-Ji's": a word goes on


def test_compass_places_are_scanned_for_only_when_a_compass_word_is_in_the_text():
    texts = TEXTS + [
        "North-East Fife, North East Fife, Northeast Fife, x-North Berwick, Northern Ireland",
        "Upper Largo; Greater Manchester, the North-Eastern Isles, 'South Uist, Outer Hebrides",
    ]
    for text in texts:
        if any(True for _ in place_chains.COMPASS_RE.finditer(text)):
            assert not TextIndex(text).distinct.isdisjoint(place_chains.COMPASS_FIRST), text
    assert place_chains.COMPASS_FIRST >= {"North", "North-East", "Northeast", "Outer"}


def test_dot_and_underscore_separators_are_found_by_their_literal_scans():
    from coprod.privacy.recognizers.joined_names import SEPARATOR_RE, SEPARATOR_RES

    for text in TEXTS + ["a._b a_.b a.b_c.d_e ._x x_ _ . a..b a__b é.b a.é", "a.b.c.d"]:
        plain = [m.start() for m in SEPARATOR_RE.finditer(text)]
        assert sorted(m.start() for rx in SEPARATOR_RES for m in rx.finditer(text)) == plain


def test_hashtags_and_handles_are_found_by_their_literal_scans():
    from coprod.privacy.recognizers.joined_names import SIGIL_RE, SIGIL_RES

    for text in TEXTS + ["#a@bcde @abcd#efgh x@abcd.@efgh ##abcd @@abcd #ab1_ @Abc_d9 a.@bcde", "@"]:
        plain = [(m.span(), m.groups()) for m in SIGIL_RE.finditer(text)]
        both = sorted((m for rx in SIGIL_RES for m in rx.finditer(text)), key=re.Match.start)
        assert [(m.span(), m.groups()) for m in both] == plain


def test_place_prefixes_are_scanned_for_only_when_a_prefix_word_is_in_the_text():
    chains = place_chains.PlaceChainRecognizer(Settings(), ordinary_words(("en",)))
    assert chains._prefix_first is not None and "Isle" in chains._prefix_first
    texts = TEXTS + ["Isle of Mull, Mt. Etna, x-Port Isaac, Port-Isaac, 'Loch Ness, Lochs Ness, Fort William"]
    plain = place_chains.PlaceChainRecognizer(Settings(), ordinary_words(("en",)))
    plain._prefix_first = None  # the scan on every text, as before the gate
    for text in texts:
        if any(True for _ in chains.rx_prefix.finditer(text)):
            assert not TextIndex(text).distinct.isdisjoint(chains._prefix_first), text
        assert chains.find(text) == plain.find(text)
    found = [s.canonical for s in chains.find(texts[-1]) if s.detector == "context:place-prefix"]
    assert found == ["Mt. Etna", "Fort William"]


def test_digit_runs_beside_a_letter_are_found_by_their_literal_scans():
    from coprod.privacy.recognizers.register import JOINED_DIGITS_RE, joined_digit_runs

    texts = TEXTS + [
        "call 0131 496 0000 at 10:30, room 2b, mdrysdale01 and x_12 or ab12cd, ¹2³ 12½ ٣4a",
        "a1 1a 12ab ab12 a9b8c7 0a0 99 x0y1z2 _1_ 1_a a_1 2020s 3rd 1st a123456789b",
    ]
    for text in texts:
        plain = [(m.span(), m.group(0)) for m in JOINED_DIGITS_RE.finditer(text)]
        assert [(m.span(), m.group(0)) for m in joined_digit_runs(text)] == plain


def test_phrases_found_from_shared_needles_are_the_plain_scans_matches():
    """A literal looked for through the run it shares with other phrases (one search of the text
    for "fraser" serves "dr fraser", "mrs. fraser" …) starts where it starts when looked for
    itself, so `matches_from` gives what the plain scan gives, in any case and plural."""
    import random

    from coprod.privacy.recognizers.register import compile_forms

    phrases = [
        "dr fraser", "dr. fraser", "mrs fraser", "fraser", "kirsty fraser", "nhs scotland", "scotland",
        "nhs 24", "nhs24", "2021", "st ann's", "ann", "joanne", "an", "councillor fraser",
    ]  # fmt: skip
    found = Phrases(phrases)
    assert found.needles["dr fraser"] == ("fraser", 3) and found.needles["nhs 24"] == ("nhs", 0)
    assert "an" not in found.needles and "fraser" not in found.needles  # no shorter search
    pieces = ["dr", "dr.", "mrs", "fraser", "frasers", "kirsty", "nhs", "scotland", "24", "nhs24", "2021"]
    pieces += ["st", "ann's", "ann", "joanne", "an", "councillor", "the", "x"]
    rng = random.Random(24)
    for plural in (False, True):
        phr = Phrases(phrases, plural=plural)
        rx = compile_forms(sorted(phrases), 0, plural=plural)
        for _ in range(600):
            words = [rng.choice(pieces) for _ in range(rng.randint(1, 14))]
            text = "".join(w + rng.choice([" ", " ", ", ", "'s ", "-", "\n"]) for w in words)
            low = text.lower()
            literals = phr.literals(TextIndex(text))
            want = [m.span() for m in rx.finditer(low)]
            assert [m.span() for m in matches_from(rx, low, low, literals)] == want, text
            assert [m.span() for m in matches_from(rx, low, low, literals, phr.needles)] == want, text


def test_a_scan_tried_at_its_cue_words_finds_what_finditer_finds():
    """`CueWords.starts` is a superset of where a case-insensitive match that starts at a word
    boundary with one of its prefixes can start (words, letter runs after an apostrophe or a
    hyphen, non-ASCII texts; None when a letter the pattern reads as ASCII is not lowered to it),
    and `finditer_at` over it yields what `finditer` yields, a match's own words skipped."""
    import random
    import re

    from coprod.privacy.recognizers.text_index import CueWords, TextIndex, finditer_at

    rx = re.compile(r"(?i:\b(?:sort[ \t]?code|acc(?:t|ount)?|reg)[ \t:]*)(?P<v>[a-z0-9]+(?:[ \t][a-z0-9]+)?)")
    cues = CueWords(["sort", "acc", "reg"])
    parts = [
        "sort", "Sort", "SORTCODE", "code", "acc", "Account", "ACCT", "reg", "Reg", "o'reg", "x-acc",
        "5reg", "_acc", "ſort", "acc\u212a", "Reġ", "régime", "accord", "sortacc", " ", " ", "\t", ":",
        "12", "ab", "-", "'", "’", "\n", ".",
    ]  # fmt: skip
    rng = random.Random(5)
    scanned_all = 0
    for _ in range(4000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 16)))
        starts = cues.starts(TextIndex(text))
        if starts is None:
            scanned_all += 1
            assert any(c in text for c in "ſ\u212a")
            continue
        assert starts == sorted(set(starts))
        got = [m.span() for m in finditer_at(rx, text, starts)]
        assert got == [m.span() for m in rx.finditer(text)], text
    assert 0 < scanned_all < 4000


def test_digit_runs_are_the_maximal_runs_of_decimal_digits():
    """`TextIndex.digit_runs` (a byte translate on ASCII text) gives the spans `\\d+` finds."""
    import random
    import re

    from coprod.privacy.recognizers.text_index import TextIndex

    rng = random.Random(2)
    for _ in range(2000):
        text = "".join(
            rng.choice(["0", "7", "12", "a", " ", "0x", "٣", "²", "-", "\n"])
            for _ in range(rng.randint(0, 12))
        )
        assert TextIndex(text).digit_runs == [m.span() for m in re.finditer(r"\d+", text)], text


def test_word_lengths_are_one_byte_a_word():
    """`TextIndex.lengths`: each word's length in order, 255 for a longer word."""
    text = "I a T-shirt, o'clock " + "x" * 300 + " j t"
    index = TextIndex(text)
    assert list(index.lengths) == [min(len(w), 255) for w in index.words] == [1, 1, 7, 7, 255, 1, 1]
    assert index.lengths.find(b"\x01\x01") == 0 and index.lengths.rfind(b"\x01\x01") == 5
    assert TextIndex("").lengths == b""


def test_the_shared_lower_case_is_the_texts_own():
    """`lowered` gives `str.lower()` of the text asked, whatever was asked before."""
    from coprod.privacy.recognizers.text_index import lowered

    texts = ["Anna ROE", "Anna ROE", "İstanbul Straße", "", "anna roe", "Anna ROE".upper()]
    for text in texts + texts[::-1]:
        assert lowered(text) == text.lower()
        assert lowered(text) is lowered(text)


# Filler of ordinary words with capitals mid-sentence (so no text below reads as caseless),
# long enough that the index's array paths are taken (`WHERE_MIN_WORDS`).
FILLER = " ".join(["so we talked to the team about it and then Ruth said that it was fine."] * 20)


def _long(*phrases: str) -> str:
    return " ".join([FILLER, *phrases, FILLER])


def test_cue_words_found_at_the_index_positions_give_what_finditer_gives():
    """With a vocabulary and a long text, `CueWords.starts` reads the index's positions of the
    words that hold a cue (not every occurrence of their letters): a scan tried there still
    yields what `finditer` yields."""
    import random

    from coprod.privacy.recognizers.text_index import WHERE_MIN_WORDS, CueWords, finditer_at

    rx = re.compile(r"(?i:\b(?:sort[ \t]?code|acc(?:t|ount)?|reg)[ \t:]*)(?P<v>[a-z0-9]+(?:[ \t][a-z0-9]+)?)")
    cues = CueWords(["sort", "acc", "reg"])
    parts = [
        "sort", "Sort", "SORTCODE", "code", "acc", "Account", "ACCT", "reg", "Reg", "o'reg", "x-acc",
        "5reg", "_acc", "régime", "accord", "sortacc", "resort", "the", " ", " ", " ", "\t", ":", "12",
        "ab", "-", "'", "’", "\n", ".",
    ]  # fmt: skip
    rng = random.Random(11)
    vocabulary = Vocabulary()
    long_texts = 0
    for _ in range(150):
        text = " ".join("".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) for _ in range(260))
        index = TextIndex(text, vocabulary)
        long_texts += len(index.words) >= WHERE_MIN_WORDS
        starts = cues.starts(index)
        assert starts == sorted(set(starts))
        assert [m.span() for m in finditer_at(rx, text, starts)] == [m.span() for m in rx.finditer(text)]
    assert long_texts == 150


def test_words_after_a_word_are_those_of_the_plain_pass():
    vocabulary = Vocabulary()
    texts = [" ".join(TEXTS * k) for k in (1, 3, 5)] + TEXTS
    for text in texts:
        index = TextIndex(text, vocabulary)
        words = index.words
        for before, among in (
            ({"and"}, {"Penzance", "road", "x"}),
            ({"to", "in", "near"}, {"South", "Lake", "Penzance", "North"}),
            (set(words[::5]), set(words[::3])),
            (set(), {"and"}),
            ({"never-seen"}, {"and"}),
        ):
            want = [k for k in range(1, len(words)) if words[k] in among and words[k - 1] in before]
            assert index.after(before, among) == want
    assert len(TextIndex(texts[2], vocabulary).words) >= 200  # the arrays were used


def test_index_words_are_tried_where_the_index_has_them():
    """`matches_at_words` finds what `matches_at` finds for a pattern whose matches start at no
    word character or joiner: the words' positions from the index, other strings by search."""
    from coprod.privacy.recognizers.text_index import matches_at, matches_at_words

    rx = re.compile(r"(?<![\w'’\-])([a-z]{3,}) (road|lane)(?![\w'’\-])")
    vocabulary = Vocabulary()
    texts = [" ".join(TEXTS * k) + " penzance road, wells lane x-penzance road ava- road" for k in (1, 4)]
    for text in texts:
        index = TextIndex(text, vocabulary)
        words = {w for w in index.distinct if w.islower() and len(w) >= 3}
        want = matches_at(rx, text, [*words, "ava-"], lambda m: True)
        got = matches_at_words(rx, index, words, ["ava-"], lambda m: True)
        assert [m.span() for m in got] == [m.span() for m in want]
        assert [m.span() for m in got] == [m.span() for m in rx.finditer(text) if m.group(1) in words]


def test_world_places_visit_a_longer_place_s_first_word_only_where_the_pair_can_start_one():
    """A word that only starts longer places ("Milton", "Fort", "to") is visited only where it
    and the next word start a place (pairs decided once, read from the index's arrays): the
    places found in a long text are those of the plain loop (an index without a vocabulary),
    pass after pass."""
    settings = Settings()
    world = WorldPlaceRecognizer(
        settings, ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    )
    vocabulary = Vocabulary()
    texts = [
        _long("we drove from Milton Keynes to Fort William and on to St. Ives, then in Wells"),
        _long(*TEXTS),
        _long("Milton said the fort was near New York and the Isle of Mull, in Truro Penzance"),
    ]
    for _ in range(2):
        for text in texts:
            plain = world.find(text, TextIndex(text))
            assert world.find(text, TextIndex(text, vocabulary)) == plain
    places = {s.canonical for s in world.find(texts[0], TextIndex(texts[0], vocabulary))}
    assert {"Milton Keynes", "Fort William"} <= places


def test_rarely_firing_recognizers_gated_on_the_index_still_find_their_spans():
    """Each scan now skipped unless the index holds its words still finds its span when they are
    there, in a long text (the array paths): another language's full date and naming phrase, a
    head before a street name, a mixed-case place after a locative, a street head, a
    lower-case apposition."""
    from coprod.privacy.analyzer import Analyzer

    analyzer = Analyzer([], Settings())
    cases = [
        ("elle est née le 3 mars 1985 à Lyon", "3 mars 1985", "DATE"),
        ("et puis je m'appelle gwenaelle voilà", "gwenaelle", "PERSON"),
        ("the office at Via Garibaldi 12 was shut", "Via Garibaldi 12", "ADDRESS"),
        ("then we moved to Milton keynes for work", "Milton keynes", "PLACE"),
    ]
    for phrase, surface, etype in cases:
        text = _long(phrase)
        found = {(text[s.start : s.end], s.type) for s in analyzer.find(text)}
        assert (surface, etype) in found, (phrase, found)
