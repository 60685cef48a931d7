"""coprod.snowball's English stemmer gives NLTK's stems, coprod.text's tokens and collocations
are what NLTK's tokenizer and collocation finder gave, and the modules that stem, tokenise,
segment or find collocations do not import NLTK (its import cost 1.5–2 CPU seconds per job)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from wordfreq import top_n_list

from coprod.snowball import LANGUAGES, english_stem, stemmer
from coprod.text import TOKEN_RE, collocations, tokens

SRC = Path(__file__).resolve().parents[1] / "src"
NLTK = SnowballStemmer("english").stem

# the cases each step of NLTK's implementation treats on its own: its exception list, possessives
# with every apostrophe it maps, y between vowels, the gener/commun/arsen regions, each step's
# suffixes, and the words where NLTK's stems differ from the Snowball project's (R1/R2 kept out of
# step after a step-2 replacement; exceptions checked before a possessive goes)
HARD = """
a at ax sky skis skies dying lying tying idly gently ugly early only singly news howe atlas
cosmos bias andes inning innings outing outings canning cannings herring herrings earring
earrings proceed proceeds proceeded proceeding exceed exceeds exceeded exceeding succeed
succeeds succeeded succeeding canning's herring's inning's sky's 'tis o'clock dogs' dog's
dog’s dog‘s dog‛s 'quoted' ’twas yes yell youth yay bayonet obeying saying toying employ
enjoyed generate generation generous generously communism community communal arsenal arsenic
caresses ponies ties cries ied gas this gaps kiwis agreed feed feedly bleed guaranteed
fished pirating hopping hoping luxuriating filed tanned fizzed failing filing tied
cry by say happy happily realization realizations rationally sensationally relationally
vocationally generationally irrationality foundationalism ionization quantizer stylization
conditional valency hesitancy digitizer conformabli radically differently vileli analogous
fruitfully harmlessly fullness  hopefulness dangerousness decisiveness sensibility
biology ecology archaeology formalism formality mentally unanimously affectively
replicate formalize electricity electrical hopeful goodness demonstrative
achievement allowance inference adjustable defensible adjustment irritant dependent
communism activate angularity homologous effective bowdlerize adoption erosion
revival allowance defer electric probate rate cease controll roll MIXED Case ÉLAN café
naïve façade coöperate über résumés 2019 covid-19 nhs24 o'neill mcdonald's
""".split()


@pytest.fixture(scope="module")
def vocabulary() -> list[str]:
    """English words by frequency (wordfreq ships its lists: nothing is downloaded)."""
    return top_n_list("en", 60000)


def test_english_stems_are_nltks_over_an_english_vocabulary(vocabulary):
    words = vocabulary + HARD + [w.upper() for w in HARD] + [w.capitalize() for w in vocabulary[:5000]]
    differ = [(w, NLTK(w), english_stem(w)) for w in words if NLTK(w) != english_stem(w)]
    assert differ == []


def test_english_stems_are_nltks_on_random_strings():
    """Strings a vocabulary has few of: apostrophes of every kind, runs of y and vowels,
    upper-case Y (the stemmer's own marker), suffix letters in every order."""
    rng = random.Random(2718)
    alphabet = "aeiouybcdglnrstz'’‘‛Y"
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 13))) for _ in range(30000)}
    differ = [(w, NLTK(w), english_stem(w)) for w in sorted(words) if NLTK(w) != english_stem(w)]
    assert differ == []


def test_the_languages_are_nltks_snowball_languages():
    assert tuple(sorted(set(SnowballStemmer.languages) - {"porter"})) == LANGUAGES


def test_another_language_uses_nltks_stemmer():
    german = stemmer("german")
    assert [german(w) for w in ("häuser", "kategorien", "aufeinander")] == [
        SnowballStemmer("german").stem(w) for w in ("häuser", "kategorien", "aufeinander")
    ]
    assert stemmer("english") is english_stem
    with pytest.raises(ValueError, match="klingon"):
        stemmer("klingon")


def test_tokens_are_what_nltks_regexp_tokenizer_gave():
    text = (
        "We'd met [Person 3] at the café in 2019 — didn’t we? O'Neill's 3rd visit, "
        "ÉCOLE naïve co-op 24/7 rock'n'roll it's ’90s [laughs] x"
    )
    clean = text.lower().replace("’", "'")
    assert TOKEN_RE.findall(clean) == RegexpTokenizer(TOKEN_RE.pattern).tokenize(clean)
    assert tokens(text)[:4] == ["we'd", "met", "at", "the"]
    assert "person" not in tokens(text) and "laughs" not in tokens(text)


def test_the_modules_that_stem_and_segment_do_not_import_nltk():
    """The performance contract: a coding, reliability or topics job imports coprod.text,
    coprod.coding and coprod.segment at start-up; none of them may pull NLTK in."""
    code = (
        "import sys; import coprod.text, coprod.coding, coprod.segment, coprod.topics; "
        "from coprod.coding import _stem; _stem('networks', 'english'); "
        "coprod.text.collocations([['a', 'b'], ['a', 'b']], 1, 0.0, lambda a, b: True); "
        "print(sorted(m for m in sys.modules if m == 'nltk' or m.startswith('nltk.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def nltk_collocations(docs, min_freq, min_pmi, candidate):
    finder = BigramCollocationFinder.from_documents(docs)
    finder.apply_freq_filter(min_freq)
    finder.apply_ngram_filter(lambda a, b: not candidate(a, b))
    return {p for p, score in finder.score_ngrams(BigramAssocMeasures.pmi) if score >= min_pmi}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_collocations_are_nltks(seed):
    """Seeded documents over a skewed vocabulary (frequent words, pairs that recur, pairs at
    document edges), at thresholds where PMI ties and boundaries occur."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(60)] + ["third", "sector", "health", "board"]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    docs = []
    for _ in range(300):
        doc = rng.choices(vocab, weights, k=rng.randint(0, 30))
        if rng.random() < 0.4:
            at = rng.randint(0, len(doc))
            doc[at:at] = ["third", "sector"]
        docs.append(doc)

    def content(a, b):
        return not a.endswith("7") and b != "w3"

    for min_freq in (1, 3, 5):
        for min_pmi in (0.0, 1.0, 3.0, 5.5):
            for candidate in (content, lambda a, b: True):
                ours = collocations(docs, min_freq, min_pmi, candidate)
                assert ours == nltk_collocations(docs, min_freq, min_pmi, candidate)
    assert ("third", "sector") in collocations(docs, 3, 3.0, content)


def test_a_pair_exactly_at_the_pmi_threshold_is_kept():
    # N = 8, "x" and "y" once each, the pair once: PMI = log2(1 * 8 / (1 * 1)) = 3 exactly
    docs = [["x", "y", "a", "b"], ["a", "b", "a", "b"]]
    ours = collocations(docs, 1, 3.0, lambda a, b: True)
    assert ("x", "y") in ours
    assert ours == nltk_collocations(docs, 1, 3.0, lambda a, b: True)
    # "b" ends one document and "a" starts the next: no pair across them
    apart = [["a", "b"], ["a", "b"]]
    assert collocations(apart, 1, -99.0, lambda a, b: True) == {("a", "b")}
    assert nltk_collocations(apart, 1, -99.0, lambda a, b: True) == {("a", "b")}


SPLIT_TEXTS = [
    "Dr. Mair met the board at 9 a.m. on Tuesday. It went well! Did it? Mostly... The rest, e.g. "
    "the budget, waits.",
    "We asked St. Columba's Trust, i.e. the charity, for £3.5m. They said no. Then Mr. J. K. Reid "
    "phoned back at approx. 4.30 and said yes.",
    '"Co-production," she said, "is a habit." It is. Section 2.1 vs. section 3 etc. was the issue.\n\n'
    "New paragraph here. and a lower-case start. (Brackets.) [Person 3] agreed.",
    "No full stop at the end",
    "",
]


def test_punkt_loaded_apart_splits_as_nltks_own():
    """The segmenter loads Punkt without NLTK's package imports; its sentences are those of
    Punkt imported the ordinary way, and NLTK imported afterwards is whole."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from coprod.segment import ABBREVIATIONS

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    expected = [list(map(list, PunktSentenceTokenizer(params).span_tokenize(t))) for t in SPLIT_TEXTS]
    code = (
        "import json, sys; from coprod.segment import sentence_splitter; s = sentence_splitter(); "
        "texts = json.load(sys.stdin); "
        "out = [list(map(list, s.span_tokenize(t))) for t in texts]; "
        "left = sorted(m for m in sys.modules if m.split('.')[0] in ('nltk', 'sklearn', 'scipy')); "
        "import nltk; whole = callable(nltk.word_tokenize) and callable(nltk.tokenize.punkt.PunktTokenizer); "
        "print(json.dumps([out, left, whole]))"
    )

    run = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(SPLIT_TEXTS),
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    spans, left, whole = json.loads(run.stdout)
    assert spans == expected
    assert len(expected[0]) > 3
    assert left == []
    assert whole
