"""Topics: seeded Gibbs-sampled LDA (tomotopy, C++) over participant segments, screened for
conversational talk, across a K grid and several seeds, with stm-style diagnostics (held-out
likelihood, semantic coherence, exclusivity) plus seed stability, a documented K rule, and topic
prevalence regressed on covariates with uncertainty (method of composition × participant
bootstrap, in the spirit of stm's ``estimateEffect``).

Pipeline shape (docs/topics.md): ``screen`` (per-turn language identification, greeting and
sign-off turns, minimum content words) → ``prepare`` (stop words, conversational words, joined
collocations, Snowball stems, min_df/max_df) → one ``fit_lda`` per (K, seed) on a seeded training
split (``fit_diagnostics``) → ``choose_k`` → the final fit on every screened segment (or, past
``fit_max_segments``, on a sample of whole transcripts, the others' proportions inferred) → tables.

Determinism: tomotopy runs with one worker and no parallel scheme and a seed from config, so a fit
is byte-identical whatever the core count (tested); every table is rounded before writing.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import ConfigError, InputError

if TYPE_CHECKING:
    import pandas as pd
    from scipy import sparse
else:

    class _Pandas:
        """pandas, imported on first use: a grid fit (one job per K and seed) never uses it."""

        def __getattr__(self, name: str):
            import pandas

            return getattr(pandas, name)

    pd = _Pandas()

# coprod.text is imported inside the functions that tokenise: a fit job never needs it. (It no
# longer imports NLTK, whose import cost seconds per job: coprod.snowball, text.collocations.)

# Words on scikit-learn's stop list that carry meaning inside a phrase ("third sector", "front line").
CONTENT_STOP_WORDS = frozenset("third first second front top bottom full part whole last next".split())

# Letters of any script, with one inner apostrophe ("c'est", "let's"): the language identifier
# needs accented words ("très", "glè") that the English topic tokeniser splits.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TAG_RE = re.compile(r"\[[^\]]{1,40}\]")
# Topic words keep hyphenated compounds whole ("co-production", "short-term", "follow-up"):
# split at the hyphen, "co-production" became "production" ("co" is too short to keep) and topic
# labels named a different word from the one participants used.
_TOPIC_TOKEN_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:'[a-z]+)?")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'"})


def topic_tokens(text: str) -> list[str]:
    """Lower-case word tokens for the topic model, pseudonym and transcription tags removed,
    hyphenated compounds kept as one word."""
    from .text import PSEUDONYM_RE

    return _TOPIC_TOKEN_RE.findall(PSEUDONYM_RE.sub(" ", text).lower().translate(_HYPHENS))


# ---------------------------------------------------------------------------------------------- lists


def read_word_list(path: str | Path) -> frozenset[str]:
    """One lower-case word per line; `#` starts a comment; blank lines ignored."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            str(path),
            "word list not found",
            "restore it from git or fix the path in config/config.yaml (topics)",
        ) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "word list is not UTF-8", "save it as UTF-8, one word per line") from None
    words = set()
    for line in text.splitlines():
        w = line.split("#", 1)[0].strip().lower().replace("’", "'")
        if w:
            words.add(w)
    return frozenset(words)


@dataclass(frozen=True)
class WordLists:
    """The lists preprocessing reads (all from data/reference/, see its README)."""

    language: str  # the study's language (ISO 639-1)
    by_language: dict[str, frozenset[str]]  # function words per candidate language
    conversational: frozenset[str]  # fillers, backchannels, discourse markers, generic talk
    signoffs: frozenset[str]  # greeting and sign-off words
    extra: frozenset[str]  # config topics.extra_stop_words

    @property
    def stop(self) -> frozenset[str]:
        """Every word removed before topics are fitted."""
        own = self.by_language.get(self.language, frozenset())
        english = english_stop_words() if self.language == "en" else frozenset()
        return frozenset(english | own | self.conversational | self.signoffs | self.extra)


def english_stop_words() -> frozenset[str]:
    """scikit-learn's ENGLISH_STOP_WORDS, read from its own module file without importing the
    scikit-learn package (whose import costs about a CPU second per job and loads scipy and
    joblib); the usual import when that file is not where scikit-learn keeps it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("sklearn")  # finds the package without running it
        path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_coprod_sklearn_stop_words", path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        words = module.ENGLISH_STOP_WORDS
        if isinstance(words, frozenset) and words:
            return words
    except (AttributeError, ImportError, OSError, SyntaxError, TypeError, ValueError):
        pass
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def load_word_lists(p: dict) -> WordLists:
    """The `topics` config section's lists: stopwords_<lang>.txt for every language in
    `topics.languages` (from `topics.stopwords_dir`), the conversational and sign-off lists."""
    langs = sorted(set(p["languages"]) | {p["language"]})
    folder = Path(p["stopwords_dir"])
    return WordLists(
        language=p["language"],
        by_language={lang: read_word_list(folder / f"stopwords_{lang}.txt") for lang in langs},
        conversational=read_word_list(p["conversational_words"]),
        signoffs=read_word_list(p["signoff_words"]),
        extra=frozenset(w.lower() for w in p["extra_stop_words"]),
    )


def word_list_files(p: dict) -> list[str]:
    """The files `load_word_lists` reads (Snakemake inputs, so editing a list re-runs the stage)."""
    langs = sorted(set(p["languages"]) | {p["language"]})
    return [str(Path(p["stopwords_dir"]) / f"stopwords_{lang}.txt") for lang in langs] + [
        p["conversational_words"],
        p["signoff_words"],
    ]


# ---------------------------------------------------------------------------------------------- screening


def identify_language(text: str, by_language: dict[str, frozenset[str]], study: str, min_hits: int) -> str:
    """The language whose function-word list covers most of the text's words.

    Each word counts once for every list holding it ("a" is English, Spanish, Italian and Gaelic).
    "und" (undetermined) when no list reaches `min_hits` words — too little evidence, so such turns
    are kept. Ties go to the study language, then alphabetically, so the answer never depends on
    dictionary order.
    """
    words = _WORD_RE.findall(_TAG_RE.sub(" ", text).lower().replace("’", "'"))
    hits = {lang: sum(w in lst for w in words) for lang, lst in by_language.items()}
    best = max(sorted(hits), key=lambda lang: (hits[lang], lang == study))
    if hits[best] < min_hits:
        return "und"
    return study if hits.get(study, -1) == hits[best] else best


def _screen_key(lists: WordLists, p: dict) -> str:
    """What a turn's language and sign-off verdict and a segment's content-word count depend on
    besides their text: every word list, the screening settings and this code."""
    from . import cache, text

    return cache.digest(
        "screen",
        cache.source_digest(sys.modules[__name__], text),
        lists.language,
        {lang: sorted(words) for lang, words in lists.by_language.items()},
        sorted(lists.stop),
        sorted(lists.signoffs),
        {s: p[s] for s in ("language_min_hits", "signoff_share", "min_tokens")},
    )


def _screen_table(cache, key: str) -> tuple[dict, dict]:
    """(turn digest -> [language, sign-off], segment text digest -> content words) from a cache
    entry; empty tables when there is none or it is damaged."""
    entry = cache.get(key) if cache is not None else None
    try:
        turns = {str(h): (str(v[0]), bool(v[1])) for h, v in entry["turns"].items()}
        segs = {str(h): int(v) for h, v in entry["segments"].items()}
        return turns, segs
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return {}, {}


def screen(segments: pd.DataFrame, lists: WordLists, p: dict, cache=None) -> pd.DataFrame:
    """One row per segment: `language` of its turn, and `reason` it is excluded ("" if kept).

    Reasons, first that applies: `language:<code>` (the turn, identified as a whole, is not in
    the study's language), `greeting or sign-off` (at least `signoff_share` of the turn's
    non-stop-words are greeting/sign-off words and it has fewer than 2 × `min_tokens` other
    content words), `short` (the segment has fewer than `min_tokens` content words once stop words,
    conversational words and sign-offs are removed).
    """
    from .text import tokens

    need = {"segment_id", "transcript_id", "turn_index", "text"}
    if missing := need - set(segments.columns):
        raise InputError("segments.tsv", f"missing columns {sorted(missing)}", "re-run the segment stage")
    stop = lists.stop
    base_stop = stop - lists.signoffs
    turn_key = list(zip(segments.transcript_id.astype(str), segments.turn_index.astype(str), strict=True))
    turn_text: dict[tuple, list[str]] = defaultdict(list)
    for key, text in zip(turn_key, segments.text.astype(str), strict=True):
        turn_text[key].append(text)
    # A turn's verdict and a segment's count depend on its own text (and the lists and settings,
    # `_screen_key`) only: with `cache`, those of texts screened before are reused (adding a
    # transcript screens only its turns), and the entry is rewritten with this corpus's texts.
    from .cache import text_digest

    screen_key = _screen_key(lists, p) if cache is not None else ""
    known_turns, known_segs = _screen_table(cache, screen_key)
    seen_turns, seen_segs = {}, {}
    turn_lang, turn_signoff = {}, {}
    for key, texts in turn_text.items():
        joined = " ".join(texts)
        h = text_digest(joined) if cache is not None else ""
        if h in known_turns:
            turn_lang[key], turn_signoff[key] = known_turns[h]
        else:
            turn_lang[key] = identify_language(
                joined, lists.by_language, lists.language, p["language_min_hits"]
            )
            words = [w for w in tokens(joined) if w not in base_stop and len(w) > 1]
            greet = sum(w in lists.signoffs for w in words)
            other = len(words) - greet
            turn_signoff[key] = (
                bool(words) and greet / len(words) >= p["signoff_share"] and other < 2 * p["min_tokens"]
            )
        seen_turns[h] = (turn_lang[key], turn_signoff[key])
    rows = []
    for sid, key, text in zip(segments.segment_id, turn_key, segments.text.astype(str), strict=True):
        lang = turn_lang[key]
        h = text_digest(text) if cache is not None else ""
        if h in known_segs:
            n_content = known_segs[h]
        else:
            n_content = sum(1 for w in tokens(text) if w not in stop and len(w) > 2 and not w.isdigit())
        seen_segs[h] = n_content
        if lang not in (lists.language, "und"):
            reason = f"language:{lang}"
        elif turn_signoff[key]:
            reason = "greeting or sign-off"
        elif n_content < p["min_tokens"]:
            reason = "short"
        else:
            reason = ""
        rows.append({"segment_id": sid, "language": lang, "content_words": n_content, "reason": reason})
    if cache is not None and (
        seen_turns.keys() != known_turns.keys() or seen_segs.keys() != known_segs.keys()
    ):
        cache.put(
            screen_key,
            {"turns": {h: list(v) for h, v in seen_turns.items()}, "segments": seen_segs},
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------- vocabulary


@dataclass
class Prepared:
    """The document-term matrix and how to show its columns."""

    X: sparse.csr_matrix
    vocab: list[str]  # stems (and joined collocations)
    display: list[str]  # most frequent surface form per column
    collocations: list[str]
    docs: list[list[int]]  # each document as vocabulary indices in text order

    def to_json(self, segment_ids: list[str]) -> str:
        return json.dumps(
            {
                "segment_ids": list(segment_ids),
                "vocab": self.vocab,
                "display": self.display,
                "collocations": self.collocations,
                "docs": self.docs,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


def load_prepared(path: str | Path) -> tuple[list[str], Prepared]:
    """(segment ids, Prepared) from the stage's corpus.json."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    docs, vocab = data["docs"], data["vocab"]
    return data["segment_ids"], Prepared(
        _count_matrix(docs, len(vocab)), vocab, data["display"], data["collocations"], docs
    )


def _count_matrix(docs: list[list[int]], n_vocab: int) -> sparse.csr_matrix:
    from itertools import chain

    from scipy import sparse  # imported here: the workflow reads word_list_files at every start

    rows = np.repeat(np.arange(len(docs), dtype=np.int64), [len(d) for d in docs])
    cols = np.fromiter(chain.from_iterable(docs), dtype=np.int64, count=len(rows))
    X = sparse.csr_matrix((np.ones(len(cols), dtype=np.int64), (rows, cols)), shape=(len(docs), n_vocab))
    X.sum_duplicates()
    return X


def raw_topic_tokens(texts: list[str]) -> list[list[str]]:
    """Each text's topic tokens, a final "'s" cut (what `prepare` starts from)."""
    return [[t[:-2] if t.endswith("'s") else t for t in topic_tokens(x)] for x in texts]


def prepare(
    texts: list[str],
    stop: frozenset[str] | set[str],
    min_df: int,
    max_df: float,
    colloc_min_freq: int = 5,
    colloc_min_pmi: float = 3.0,
    raw: list[list[str]] | None = None,
) -> Prepared:
    """Tokenise, join bigrams seen at least `colloc_min_freq` times with PMI >= `colloc_min_pmi`
    (log2), drop `stop` words, stem, and keep stems in at least `min_df` documents and at most
    `max_df` (share) of them. `raw`: the texts' `raw_topic_tokens`, when the caller has them."""
    raw = raw_topic_tokens(texts) if raw is None else raw
    return _Preparation.of(raw, stop, colloc_min_freq, colloc_min_pmi).prepared(min_df, max_df)


@dataclass
class _Preparation:
    """What `prepare` counted on its way to the vocabulary: the words' occurrences and the frequent
    pairs', the collocations, each document's terms, each (term, surface form)'s occurrences and each term's
    documents. `without` gives the same for all but a few of the documents from these counts
    (what the short documents' removal needs), equal to counting the others afresh."""

    raw: list[list[str]]
    stop: frozenset[str] | set[str]
    min_freq: int
    min_pmi: float
    words: Counter
    frequent: dict  # pair -> occurrences, the pairs seen at least min_freq times
    pairs: set[tuple[str, str]]
    stemmed: list[list[str]]
    shown_as: Counter  # (term, surface form) -> occurrences
    df: Counter  # term -> documents

    @classmethod
    def of(cls, raw: list[list[str]], stop, min_freq: int, min_pmi: float) -> _Preparation:
        from .text import pair_counts

        words, pair_count = pair_counts(raw)
        # (a pair seen fewer times is no collocation, in these documents or in fewer of them)
        frequent = {pair: n for pair, n in pair_count.items() if n >= min_freq}
        pairs = cls._pairs(words, frequent, stop, min_freq, min_pmi)
        stemmed, shown_as = _stem_documents(raw, pairs, stop)
        df = Counter(t for d in stemmed for t in set(d))
        return cls(raw, stop, min_freq, min_pmi, words, frequent, pairs, stemmed, shown_as, df)

    @staticmethod
    def _pairs(words: Counter, pair_count: dict, stop, min_freq: int, min_pmi: float) -> set:
        from .text import collocations_counted

        # Collocations are found before stop words go, so "third sector" survives although "third"
        # is on scikit-learn's stop list; both words must be content words.
        def content(t: str) -> bool:
            return _keep_token(t, stop) or t in CONTENT_STOP_WORDS

        return collocations_counted(
            words, pair_count, min_freq, min_pmi, lambda a, b: content(a) and content(b)
        )

    def without(self, drop: set[int]) -> _Preparation:
        """The preparation of every document but the rows in `drop`, from these counts: the
        dropped documents' words and pairs taken off, and their terms; a document left is stemmed
        again only where it has an adjacent pair that became or stopped being a collocation (its
        terms then replace its old ones in the counts), the others' terms are as they were."""
        from .text import pair_counts

        kept = [i for i in range(len(self.raw)) if i not in drop]
        gone_words, gone_pairs = pair_counts([self.raw[i] for i in sorted(drop)])
        words = self.words - gone_words
        frequent = {}
        for pair, n in self.frequent.items():
            if (n := n - gone_pairs.get(pair, 0)) >= self.min_freq:
                frequent[pair] = n
        pairs = self._pairs(words, frequent, self.stop, self.min_freq, self.min_pmi)
        changed = pairs ^ self.pairs
        heads = {a for a, _ in changed}
        redo = [
            i
            for i in kept
            if not heads.isdisjoint(self.raw[i])
            and any(
                a in heads and (a, b) in changed for a, b in zip(self.raw[i], self.raw[i][1:], strict=False)
            )
        ]
        # what the dropped documents and the ones stemmed again counted, taken off
        old = sorted(drop) + redo
        old_stemmed, old_shown = _stem_documents([self.raw[i] for i in old], self.pairs, self.stop)
        new_stemmed, new_shown = _stem_documents([self.raw[i] for i in redo], pairs, self.stop)
        shown_as = self.shown_as - old_shown + new_shown
        df = (
            self.df
            - Counter(t for d in old_stemmed for t in set(d))
            + Counter(t for d in new_stemmed for t in set(d))
        )
        again = dict(zip(redo, new_stemmed, strict=True))
        stemmed = [again.get(i, self.stemmed[i]) for i in kept]
        return _Preparation(
            [self.raw[i] for i in kept],
            self.stop,
            self.min_freq,
            self.min_pmi,
            words,
            frequent,
            pairs,
            stemmed,
            shown_as,
            df,
        )

    def prepared(self, min_df: int, max_df: float) -> Prepared:
        n_docs = len(self.stemmed)
        max_count = max_df * n_docs if isinstance(max_df, float) else max_df
        vocab = sorted(t for t, n in self.df.items() if n >= min_df and n <= max_count)
        if not vocab:
            raise ConfigError(
                "topics",
                "no terms left after min_df/max_df filtering",
                "lower topics.min_df or raise topics.max_df in config/config.yaml",
            )
        surface: dict[str, dict[str, int]] = defaultdict(dict)
        for (term, shown), count in self.shown_as.items():
            surface[term][shown] = count
        index = {t: j for j, t in enumerate(vocab)}
        docs = [[index[t] for t in d if t in index] for d in self.stemmed]
        display = [sorted(surface[v].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for v in vocab]
        collocations = sorted(" ".join(p) for p in self.pairs)
        return Prepared(_count_matrix(docs, len(vocab)), vocab, display, collocations, docs)


def _keep_token(t: str, stop) -> bool:
    return t not in stop and len(t) > 2 and not t.isdigit() and "'" not in t


def _stem_documents(raw: list[list[str]], pairs: set, stop) -> tuple[list[list[str]], Counter]:
    """Each document's terms (a collocation joined, stop words dropped, stemmed) and each (term,
    surface form)'s occurrences."""
    from .text import stem

    # Each distinct token's fate is decided once (its stem, or None when it is dropped), and a
    # pair is looked up only after a word that starts one: the same terms as deciding every token
    # in place, at a fraction of the cost (25,000 segments at 1,000 transcripts).
    fate: dict[str, str | None] = {}
    firsts = {a for a, _ in pairs}
    shown_as: Counter = Counter()
    stemmed_docs = []
    for doc in raw:
        out, i, n = [], 0, len(doc)
        while i < n:
            word = doc[i]
            if word in firsts and i + 1 < n and (word, doc[i + 1]) in pairs:
                term, shown = f"{stem(word)}_{stem(doc[i + 1])}", f"{word} {doc[i + 1]}"
                i += 2
            else:
                i += 1
                if word in fate:
                    term = fate[word]
                else:
                    term = fate[word] = stem(word) if _keep_token(word, stop) else None
                if term is None:
                    continue
                shown = word
            shown_as[term, shown] += 1
            out.append(term)
        stemmed_docs.append(out)
    return stemmed_docs, shown_as


# ------------------------------------------------------------------ settings derived from the corpus
# `topics.min_df: auto` and `topics.k_grid: auto` (the new-study template's values) are derived
# from the corpus by these rules (docs/topics.md, "Settings derived from the corpus"); a number or
# a list in the config is used as it is.

# min_df: auto — a word must occur in at least this share of the segments left after screening.
AUTO_MIN_DF_SHARE = 0.01
# k_grid: auto — K up to sqrt(modelled segments / 2), at most one topic per n_top_words vocabulary
# terms, and never above AUTO_K_MAX; at most AUTO_K_VALUES values from 2 up to that.
AUTO_K_MAX = 20
AUTO_K_VALUES = 5


def derived_min_df(n_segments: int) -> int:
    """`min_df: auto`: 1% of the segments left after screening, rounded up (at least 1)."""
    return max(1, math.ceil(AUTO_MIN_DF_SHARE * n_segments - 1e-9))


def derived_k_grid(n_segments: int, n_vocab: int, n_top_words: int) -> list[int]:
    """`k_grid: auto`: the largest K is the smallest of sqrt(modelled segments / 2) (the usual
    rule of thumb for the number of clusters), vocabulary terms / n_top_words (every topic can
    have its own top words) and AUTO_K_MAX, at least 2; the grid is up to AUTO_K_VALUES evenly
    spaced values from 2 to it (every value when there are that few)."""
    k_max = min(math.isqrt(max(n_segments, 0) // 2), n_vocab // max(n_top_words, 1), AUTO_K_MAX)
    k_max = max(k_max, 2)
    if k_max - 1 <= AUTO_K_VALUES:
        return list(range(2, k_max + 1))
    step = (k_max - 2) / (AUTO_K_VALUES - 1)
    return sorted({int(math.floor(2 + i * step + 0.5)) for i in range(AUTO_K_VALUES)})


def prepare_segments(segments: pd.DataFrame, p: dict, cache=None) -> tuple[pd.DataFrame, list[str], Prepared]:
    """Screen segments and prepare the kept ones: (screen table, kept segment ids, Prepared).

    Documents left with fewer than `min_tokens` vocabulary terms after min_df/max_df are also
    excluded (`short`), so every modelled document has at least that many tokens. `min_df: auto`
    is derived from the number of segments left after screening (`derived_min_df`). `cache`: a
    `coprod.cache.ContentCache` the screening reuses verdicts from (`screen`)."""
    lists = load_word_lists(p)
    screened = screen(segments, lists, p, cache)
    kept = screened.reason == ""
    if not kept.any():
        raise InputError(
            "segments.tsv",
            "no segment left for topic modelling after screening",
            "lower topics.min_tokens or check topics.language",
        )
    if p["min_df"] == "auto":
        p = dict(p, min_df=derived_min_df(int(kept.sum())))
    texts = segments.text.astype(str)[kept.to_numpy()].tolist()
    colloc = p["collocations"]
    first = _Preparation.of(raw_topic_tokens(texts), lists.stop, colloc["min_freq"], colloc["min_pmi"])
    prep = first.prepared(p["min_df"], p["max_df"])
    ids = segments.segment_id[kept.to_numpy()].tolist()
    short = [i for i, d in enumerate(prep.docs) if len(d) < p["min_tokens"]]
    if short:
        drop = {ids[i] for i in short}
        screened.loc[screened.segment_id.isin(drop), "reason"] = "short"
        short_set = set(short)
        ids = [sid for i, sid in enumerate(ids) if i not in short_set]
        # prepared again without them, from the first preparation's counts (the same as preparing
        # the other texts afresh: tests/test_topic_prepare_again.py)
        prep = first.without(short_set).prepared(p["min_df"], p["max_df"])
    return screened, ids, prep


def screening_summary(screened: pd.DataFrame, modelled: int, n_terms: int) -> pd.DataFrame:
    """Counts per exclusion reason, then what is modelled (rows in a fixed order)."""
    reasons = screened.reason[screened.reason != ""]
    rows = [{"step": "segments", "segments": int(len(screened))}]
    order = sorted(reasons.unique(), key=lambda r: (not r.startswith("language:"), r))
    rows += [{"step": f"excluded: {r}", "segments": int((reasons == r).sum())} for r in order]
    rows += [
        {"step": "modelled", "segments": int(modelled)},
        {"step": "vocabulary terms", "segments": int(n_terms)},
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------- fitting


@dataclass
class Fit:
    topic_term: np.ndarray  # K × V, rows sum to 1, columns in our vocabulary order
    doc_topic: np.ndarray  # D × K posterior mean proportions
    doc_counts: np.ndarray | None  # D × K topic assignment counts (None: not collected, a K-search fit)
    alpha: np.ndarray  # K, the (optimised) Dirichlet prior on proportions
    model: object  # the tomotopy model (None when the fit was reused from the cache)
    raw_topic_word: np.ndarray | None = None  # K × used words, before normalising


def _tomotopy():
    import tomotopy as tp

    return tp


def fit_lda(
    docs: list[list[int]],
    vocab: list[str],
    k: int,
    seed: int,
    iterations: int,
    alpha: float,
    eta: float,
    samples: int = 1,
    thin: int = 1,
    progress_every: int = 0,
    log=None,
    label: str = "",
    doc_counts: bool = True,
) -> Fit:
    """Collapsed Gibbs LDA (tomotopy) on documents given as vocabulary indices.

    `iterations` burn-in sweeps, then `samples` states `thin` sweeps apart whose topic-word
    distributions and document-topic counts are averaged (posterior means, so a topic's top words
    do not hinge on one noisy state). tomotopy re-estimates an asymmetric alpha every 10 sweeps.
    One worker and no parallel scheme: with a fixed seed the result is identical whatever the
    core count. Training runs in chunks of `progress_every` sweeps (chunking does not change the
    result; tested) with one progress line per chunk to `log`. Empty documents get the prior mean.
    `doc_counts=False`: the documents' topic counts are not read from the sampler (a K-search fit
    needs only the topic-word distributions; reading every document's assignments at every kept
    state was a fifth of such a fit's time): the Fit's `doc_counts` and `doc_topic` are None.
    """
    tp = _tomotopy()
    if iterations < 0 or samples < 1 or thin < 1 or iterations + samples * thin < 1:
        raise ValueError("need iterations >= 0, samples >= 1, thin >= 1")
    m = tp.LDAModel(k=k, alpha=alpha, eta=eta, seed=seed)
    added = []
    for i, d in enumerate(docs):
        if d:
            m.add_doc([vocab[j] for j in d])
            added.append(i)
    if not added:
        raise InputError("topics", "no document has any vocabulary term", "lower topics.min_df")
    m.train(0, workers=1, parallel=tp.ParallelScheme.NONE)
    total = iterations + samples * thin
    # sweeps after which a state is averaged: the last `samples` multiples of `thin`
    keep_at = {iterations + thin * (s + 1) for s in range(samples)}
    stops = sorted(
        keep_at | ({*range(progress_every, total + 1, progress_every)} if progress_every > 0 else set())
    )
    index = {w: j for j, w in enumerate(vocab)}
    cols = np.array([index[w] for w in m.used_vocabs])
    topic_word = np.zeros((k, len(cols)))
    counts = np.zeros((len(docs), k)) if doc_counts else None
    rows = np.array(added, dtype=np.intp)
    done = 0
    for stop in stops:
        m.train(stop - done, workers=1, parallel=tp.ParallelScheme.NONE)
        done = stop
        if stop in keep_at:
            topic_word += np.array([m.get_topic_word_dist(t) for t in range(k)])
            if counts is not None:  # integer counts: their float sums are exact in any order
                counts[rows] += _topic_counts(m.docs, k)
        if log is not None and progress_every > 0 and stop % progress_every == 0:
            print(
                f"{label}sweep {done}/{total} log-likelihood/word {m.ll_per_word:.4f}", file=log, flush=True
            )
    if counts is not None:
        counts /= samples
    return _assemble(vocab, list(m.used_vocabs), topic_word, counts, np.asarray(m.alpha, dtype=float), m)


def _topic_counts(docs, k: int) -> np.ndarray:
    """Each tomotopy document's topic assignment counts (D × K integers): the documents' topic
    arrays joined and counted in one `bincount` (row i's counts at i·K … i·K + K − 1), the same
    numbers as one `bincount` per document."""
    topics = [np.asarray(doc.topics, dtype=np.intp) for doc in docs]
    if not topics:
        return np.zeros((0, k), dtype=np.int64)
    lengths = np.fromiter((len(t) for t in topics), dtype=np.intp, count=len(topics))
    cells = np.repeat(np.arange(len(topics), dtype=np.intp) * k, lengths) + np.concatenate(topics)
    return np.bincount(cells, minlength=len(topics) * k).reshape(len(topics), k)


def _assemble(
    vocab: list[str], used: list[str], topic_word: np.ndarray, counts: np.ndarray | None, a: np.ndarray, model
) -> Fit:
    """A Fit from the sampler's averaged topic-word rows (over the words it saw, `used`) and
    document-topic counts: the same arithmetic whether they come from tomotopy or the cache.
    Without counts (a K-search fit) the Fit has no document-topic arrays."""
    index = {w: j for j, w in enumerate(vocab)}
    topic_term = np.zeros((topic_word.shape[0], len(vocab)))
    topic_term[:, np.array([index[w] for w in used], dtype=int)] = topic_word
    topic_term /= topic_term.sum(axis=1, keepdims=True)
    if counts is None:
        return Fit(topic_term, None, None, a, model, topic_word)
    doc_topic = (counts + a) / (counts.sum(axis=1, keepdims=True) + a.sum())
    return Fit(topic_term, doc_topic, counts, a, model, topic_word)


# ---------------------------------------------------------------------------------------------- fit cache

# A fit is a function of the documents' words in order, K, the seed and the sampler settings
# (tomotopy sees words, never our vocabulary indices): the same inputs give the same arrays, so
# a fit is reused from a private content cache (coprod.cache) when a job re-runs with them —
# a changed transcript outside the K search's sample, topics.bootstrap, the codebook. The key
# also names the tomotopy version and this module's source.


def fit_key(docs: list[list[int]], vocab: list[str], k: int, seed: int, p: dict) -> str:
    from . import cache

    return cache.digest(
        "lda",
        cache.source_digest(sys.modules[__name__]),
        getattr(_tomotopy(), "__version__", ""),
        [[vocab[j] for j in d] for d in docs],
        int(k),
        int(seed),
        {s: p[s] for s in ("max_iter", "alpha", "eta", "samples", "thin")},
    )


def _cached_fit(
    entry: dict | None,
    vocab: list[str],
    k: int,
    n_docs: int,
    with_model: bool = False,
    doc_counts: bool = True,
) -> Fit | None:
    """The Fit a cache entry holds, or None when it does not have the shape this fit needs (or,
    `with_model`, holds no tomotopy model to infer other documents with; or, `doc_counts`, holds
    no document-topic counts: a K-search fit's entry may not). `doc_counts=False`: the Fit has
    none (`fit_lda`'s `doc_counts`)."""
    if entry is None:
        return None
    from .cache import unpack_array

    try:
        used = [str(w) for w in entry["used"]]
        topic_word, a = unpack_array(entry["topic_word"]), unpack_array(entry["alpha"])
        counts = unpack_array(entry["counts"]) if doc_counts else None
        vocab_set = set(vocab)
        if (
            topic_word.shape != (k, len(used))
            or (counts is not None and counts.shape != (n_docs, k))
            or a.shape != (k,)
            or not set(used) <= vocab_set
        ):
            return None
        model = _load_model(entry["model"], entry["model_sha256"], k, used) if with_model else None
    except (KeyError, TypeError, ValueError, RuntimeError, OSError):
        return None
    return _assemble(vocab, used, topic_word, counts, a, model)


def _load_model(text: str, sha256: str, k: int, used: list[str]):
    """The tomotopy model a cache entry holds (base64 of `LDAModel.saves`), checked against the
    checksum written with it and the entry's topics and words (anything else raises ValueError,
    so the fit is made again). The bytes are checked before tomotopy reads them: it aborts the
    process on bytes that are not a model."""
    import base64

    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if hashlib.sha256(raw).hexdigest() != sha256 or not raw.startswith(b"LDA\x00"):
        raise ValueError("cached model bytes do not match their checksum")
    model = _tomotopy().LDAModel.loads(raw)
    if model.k != k or list(model.used_vocabs) != used:
        raise ValueError("cached model does not match its entry")
    return model


def fit_cached(
    docs: list[list[int]],
    vocab: list[str],
    k: int,
    seed: int,
    p: dict,
    cache=None,
    log=None,
    label="",
    with_model: bool = False,
) -> Fit:
    """`fit_from_config`, reused from `cache` (a `coprod.cache.ContentCache`) when these exact
    documents, K, seed and sampler settings were fitted before. A reused Fit has no model unless
    `with_model` (the entry then also keeps the tomotopy model, to infer other documents with)."""
    if cache is None:
        return fit_from_config(docs, vocab, k, seed, p, log, label)
    key = fit_key(docs, vocab, k, seed, p)
    fit = _cached_fit(cache.get(key), vocab, k, len(docs), with_model)
    if fit is not None:
        if log is not None:
            print(f"{label}reused from the fit cache", file=log, flush=True)
        return fit
    fit = fit_from_config(docs, vocab, k, seed, p, log, label)
    _store_fit(cache, key, fit, with_model)
    return fit


def _store_fit(cache, key: str, fit: Fit, with_model: bool = False) -> None:
    import base64

    from .cache import pack_array

    entry = {
        "used": list(fit.model.used_vocabs),
        "topic_word": pack_array(fit.raw_topic_word),  # the averaged rows, before normalising
        "alpha": pack_array(fit.alpha),
    }
    if fit.doc_counts is not None:  # (a K-search fit has none: `fit_lda`'s doc_counts)
        entry["counts"] = pack_array(fit.doc_counts)
    if with_model:  # the model's last state (topic-word counts, alpha), for `infer`
        raw = fit.model.saves(full=False)
        entry["model"] = base64.b64encode(raw).decode("ascii")
        entry["model_sha256"] = hashlib.sha256(raw).hexdigest()
    cache.put(key, entry)


def fit_from_config(
    docs: list[list[int]],
    vocab: list[str],
    k: int,
    seed: int,
    p: dict,
    log=None,
    label: str = "",
    doc_counts: bool = True,
) -> Fit:
    """`fit_lda` with the `topics` config section's sampler settings."""
    return fit_lda(
        docs,
        vocab,
        k,
        seed,
        p["max_iter"],
        p["alpha"],
        p["eta"],
        p["samples"],
        p["thin"],
        p["progress_every"],
        log,
        label,
        doc_counts,
    )


def heldout_loglik(fit: Fit, docs: list[list[int]], vocab: list[str], iterations: int) -> float:
    """Held-out log-likelihood per word: tomotopy's `infer` (one worker, seeded by the model) on
    documents the model never saw; nan with no held-out words."""
    tp = _tomotopy()
    test = [[vocab[j] for j in d] for d in docs if d]
    n_words = sum(len(d) for d in test)
    if not n_words:
        return math.nan
    made = [fit.model.make_doc(d) for d in test]
    _, ll = fit.model.infer(made, iterations=iterations, workers=1, parallel=tp.ParallelScheme.NONE)
    return float(np.sum(ll)) / n_words


def infer_counts(model, docs: list[list[int]], vocab: list[str], iterations: int) -> np.ndarray:
    """Topic assignment counts (D × K, the last of `iterations` Gibbs sweeps) of documents the
    model was not fitted on: tomotopy's `infer`, one worker, topic-word distributions held fixed.
    Each document is sampled on its own, seeded by the model, so its counts do not depend on
    which other documents are inferred with it, nor on their order (tested). Words the model
    never saw are ignored; a document with none keeps zero counts (the prior mean)."""
    tp = _tomotopy()
    counts = np.zeros((len(docs), model.k))
    made, rows = [], []
    for i, d in enumerate(docs):
        if not d:  # (tomotopy aborts the process on an empty document)
            continue
        doc = model.make_doc([vocab[j] for j in d])
        if len(doc.words):
            made.append(doc)
            rows.append(i)
    if made:
        model.infer(made, iterations=iterations, workers=1, parallel=tp.ParallelScheme.NONE)
        for i, doc in zip(rows, made, strict=True):
            counts[i] = np.bincount(np.asarray(doc.topics), minlength=model.k)
    return counts


def _doc_digest(words: list[str]) -> str:
    """A document's key in the inference cache: its words in order (a topic token never holds
    a newline)."""
    return hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()


def infer_cached(
    model, model_key: str, docs: list[list[int]], vocab: list[str], k: int, p: dict, cache=None
) -> tuple[np.ndarray, int]:
    """`infer_counts` of `docs`, each document's counts reused from `cache` when this model
    (`model_key`: the sample's words, K, seed, sampler settings, this code) inferred the same
    words before with the same `topics.infer_iter`. A document is inferred on its own, seeded
    by the model (its counts do not depend on the others inferred with it, nor on their order;
    tested), so adding a transcript infers only its segments and the result is a cold run's.
    One entry per model holds the counts of the documents of the latest corpus (so it is
    bounded by the corpus); an entry that does not parse or has the wrong shape is rebuilt.
    Documents with the same words are inferred once. Returns (counts D × K, distinct documents
    inferred now)."""
    if cache is None:
        return infer_counts(model, docs, vocab, int(p["infer_iter"])), len(docs)
    from .cache import digest, pack_array, unpack_array

    key = digest("infer-docs", model_key, int(p["infer_iter"]))
    words = [[vocab[j] for j in d] for d in docs]
    names = [_doc_digest(w) for w in words]
    known: dict[str, np.ndarray] = {}
    entry = cache.get(key)
    try:
        stored = unpack_array(entry["counts"])
        keys = [str(x) for x in entry["docs"]]
        if stored.shape == (len(keys), k):
            known = dict(zip(keys, stored, strict=True))
    except (KeyError, TypeError, ValueError):
        known = {}
    missing = sorted({n for n in names if n not in known})
    if missing:
        first = {n: i for i, n in reversed(list(enumerate(names)))}
        todo = [docs[first[n]] for n in missing]
        known.update(zip(missing, infer_counts(model, todo, vocab, int(p["infer_iter"])), strict=True))
    counts = np.array([known[n] for n in names], dtype=float).reshape(len(docs), k)
    if missing or len(known) != len(set(names)):
        keep = sorted(set(names))
        table = np.array([known[n] for n in keep], dtype=float).reshape(-1, k)
        cache.put(key, {"docs": keep, "counts": pack_array(table)})
    return counts, len(missing)


def top_indices(topic_term: np.ndarray, vocab: list[str], n: int) -> list[list[int]]:
    """Top-n term indices per topic, ties broken alphabetically (stable bytes)."""
    return [list(np.lexsort((np.array(vocab), -row))[:n]) for row in topic_term]


# A segment id is `<transcript id>_<turn, 4+ digits>[_<window, 2+ digits>]` (coprod.segment).
SEGMENT_SUFFIX_RE = re.compile(r"_\d{4,}(?:_\d{2,})?$")


def segment_transcript(segment_id: str) -> str:
    """The transcript a segment belongs to, read from its id."""
    return SEGMENT_SUFFIX_RE.sub("", segment_id)


def search_sample(segment_ids: list[str], cap: int, seed: int) -> np.ndarray:
    """The documents the K search fits on (row indices, sorted): all of them, or with `cap` > 0
    and more documents than that, `cap` of them drawn by transcript: transcripts are taken in the
    order of a seeded hash of their id, every segment of each, until `cap` segments (the last
    transcript taken in part, its first segments). Membership depends on a transcript's id, not
    its position, so adding, removing or editing a transcript outside the sample leaves the
    sample — and every search fit — as it was. The search only ranks K; its cost then stops
    growing with the corpus (the final model's own cap, `fit_sample`, draws the same way)."""
    n_docs = len(segment_ids)
    if cap <= 0 or n_docs <= cap:
        return np.arange(n_docs)
    by_transcript: dict[str, list[int]] = defaultdict(list)
    for i, sid in enumerate(segment_ids):
        by_transcript[segment_transcript(str(sid))].append(i)

    def rank(t: str) -> tuple[str, str]:
        return hashlib.sha256(f"{seed}\x00{t}".encode()).hexdigest(), t

    picked: list[int] = []
    for t in sorted(by_transcript, key=rank):
        picked += by_transcript[t][: cap - len(picked)]
        if len(picked) >= cap:
            break
    return np.array(sorted(picked), dtype=int)


def fit_diagnostics(
    prep: Prepared, k: int, seed: int, p: dict, log=None, cache=None, ids: list[str] | None = None
) -> dict:
    """One grid fit: trained on the seeded training split (`heldout_fraction`, split seeded by the
    first seed so every fit sees the same split) of the search sample (`search_max_segments`),
    scored on held-out documents and on the full matrix. Returns a JSON-able record with the
    metrics and the top words (for seed stability). With `cache`, the fit and its held-out
    likelihood are reused when the sample's words, K, the seed and the settings are unchanged
    (the coherence and exclusivity are recomputed on this corpus's matrix). `ids`: the documents'
    segment ids (corpus.json), which the sample is drawn by; without them each document is a
    transcript of its own, named by its row."""
    from .topic_metrics import exclusivity, heldout_split, npmi_coherence, umass_coherence

    start = time.perf_counter()
    ids = [str(i) for i in range(prep.X.shape[0])] if ids is None else ids
    pool = search_sample(ids, p.get("search_max_segments", 0), p["seeds"][0])
    train, test = heldout_split(len(pool), p["heldout_fraction"], p["seeds"][0])
    train, test = pool[train], pool[test]
    train_docs, test_docs = [prep.docs[i] for i in train], [prep.docs[i] for i in test]
    label = f"K={k} seed={seed} "
    # The metrics read the topic-word distributions only: the documents' topic counts are
    # collected only where the final model could be this very fit (no held-out split and the
    # final model's seed), so that it finds them in the fit cache as before.
    counts = not test_docs and seed == p["seeds"][0]
    fit = ll = None
    if cache is not None:
        from .cache import digest

        key = fit_key(train_docs, prep.vocab, k, seed, p)
        fit = _cached_fit(cache.get(key), prep.vocab, k, len(train_docs), doc_counts=counts)
        ll_key = digest("heldout", key, [[prep.vocab[j] for j in d] for d in test_docs], p["infer_iter"])
        ll = (cache.get(ll_key) or {}).get("ll")
        if not isinstance(ll, float):
            ll = None
    if fit is None or ll is None:
        fit = fit_from_config(train_docs, prep.vocab, k, seed, p, log, label, doc_counts=counts)
        ll = heldout_loglik(fit, test_docs, prep.vocab, p["infer_iter"])
        if cache is not None:
            _store_fit(cache, key, fit)
            cache.put(ll_key, {"ll": ll})
    elif log is not None:
        print(f"{label}reused from the fit cache", file=log, flush=True)
    top = top_indices(fit.topic_term, prep.vocab, p["n_top_words"])
    return {
        "k": k,
        "seed": seed,
        "heldout_loglik": ll,
        "heldout_perplexity": math.exp(-ll) if not math.isnan(ll) else math.nan,
        "umass": float(np.mean(umass_coherence(prep.X, top))),
        "npmi": float(np.mean(npmi_coherence(prep.X, top))),
        "exclusivity": float(np.mean(exclusivity(fit.topic_term, top))),
        "top_words": [[int(j) for j in t] for t in top],
        "seconds": time.perf_counter() - start,
    }


def fit_sample(segment_ids: list[str], p: dict) -> np.ndarray:
    """The documents the final model is fitted on (row indices, sorted): every one, or with
    `topics.fit_max_segments` > 0 and more documents than that, that many drawn as the K search's
    sample is (`search_sample`: whole transcripts in the order of a hash of their id seeded by the
    first seed), so adding a transcript outside the sample leaves it, and the fit, as it was. With
    the same seed the K search's sample is the first `search_max_segments` of this order."""
    return search_sample(segment_ids, p.get("fit_max_segments", 0), p["seeds"][0])


def final_fit(corpus: str | Path, diagnostics: str | Path, p: dict, cache=None, log=None):
    """The chosen K's final model: (K, K diagnostics, segment ids, Prepared, Fit). K from the K
    rule (`topics.k: auto`) or the config. Fitted on every modelled segment, or on the
    `fit_sample` when there are more than `topics.fit_max_segments`: the other segments' topic
    proportions are then inferred with the fitted model (`infer_counts`, `topics.infer_iter`
    sweeps). Fit and inference are reused from `cache` when made before from the same
    documents (the topic tables, the prevalence rule and the topic-code rule share them)."""
    diag = pd.read_csv(diagnostics, sep="\t")
    k = choose_k(diag, p["min_stability"]) if p["k"] == "auto" else int(p["k"])
    ids, prep = load_prepared(corpus)
    seed, label = p["seeds"][0], f"final K={k} "
    pool = fit_sample(ids, p)
    if len(pool) == len(ids):
        if log is not None:
            print(f"final fit: K={k} seed={seed} on {len(ids)} segments", file=log, flush=True)
        fit = fit_cached(prep.docs, prep.vocab, k, seed, p, cache, log=log, label=label)
        return k, diag, ids, prep, fit
    rest = np.setdiff1d(np.arange(len(ids)), pool)
    if log is not None:
        print(
            f"final fit: K={k} seed={seed} on {len(pool)} of {len(ids)} segments "
            f"(topics.fit_max_segments); the other {len(rest)} inferred",
            file=log,
            flush=True,
        )
    fit_docs, rest_docs = [prep.docs[i] for i in pool], [prep.docs[i] for i in rest]
    sampled = fit_cached(fit_docs, prep.vocab, k, seed, p, cache, log=log, label=label, with_model=True)
    started = time.perf_counter()
    inferred, n_new = infer_cached(
        sampled.model, fit_key(fit_docs, prep.vocab, k, seed, p), rest_docs, prep.vocab, k, p, cache
    )
    if log is not None:
        if n_new == 0:
            print(f"{label}inferred proportions reused from the fit cache", file=log, flush=True)
        else:
            print(
                f"{label}{n_new} distinct segments of {len(rest)} inferred in "
                f"{time.perf_counter() - started:.1f}s (the others' counts from the fit cache or a "
                "segment with the same words)",
                file=log,
                flush=True,
            )
    counts = np.zeros((len(ids), k))
    counts[pool], counts[rest] = sampled.doc_counts, inferred
    a = sampled.alpha
    doc_topic = (counts + a) / (counts.sum(axis=1, keepdims=True) + a.sum())
    fit = Fit(sampled.topic_term, doc_topic, counts, a, sampled.model, sampled.raw_topic_word)
    return k, diag, ids, prep, fit


DIAGNOSTIC_COLUMNS = ["k", "seed", "heldout_loglik", "heldout_perplexity", "umass", "npmi", "exclusivity"]


def diagnostics_table(records: list[dict]) -> pd.DataFrame:
    """Every (K, seed) fit's metrics with per-K seed stability (best-matched top-word Jaccard)."""
    from .topic_metrics import seed_stability

    diag = pd.DataFrame([{c: r[c] for c in DIAGNOSTIC_COLUMNS} for r in records])
    diag = diag.sort_values(["k", "seed"]).reset_index(drop=True)
    tops: dict[int, list] = defaultdict(list)
    for r in sorted(records, key=lambda r: (r["k"], r["seed"])):
        tops[r["k"]].append([set(t) for t in r["top_words"]])
    stab = {k: seed_stability(v) if len(v) > 1 else math.nan for k, v in tops.items()}
    diag["stability"] = diag.k.map(stab)
    return diag


K_RULE_METRICS = ("heldout_loglik", "npmi", "exclusivity", "stability")


def k_scores(diag: pd.DataFrame, min_stability: float) -> pd.DataFrame:
    """Per K: mean metrics over seeds, whether K is eligible (stability >= `min_stability`), and
    the rule's score — the sum of the standardised (z over the grid) mean held-out log-likelihood,
    NPMI coherence, exclusivity and seed stability, each weighted equally (searchK's four
    criteria with stability in place of residual dispersion). A metric that is nan everywhere (no
    held-out split, a single seed) or constant contributes 0."""
    cols = [
        c
        for c in ("heldout_loglik", "heldout_perplexity", "umass", "npmi", "exclusivity", "stability")
        if c in diag
    ]
    by = diag.groupby("k")[cols].mean()

    def z(s: pd.Series) -> pd.Series:
        s = s.astype(float)
        if s.isna().all() or s.std(ddof=0) == 0 or math.isnan(s.std(ddof=0)):
            return s * 0.0 if not s.isna().all() else pd.Series(0.0, index=s.index)
        return ((s - s.mean()) / s.std(ddof=0)).fillna(0.0)

    score = sum(z(by[c]) if c in by else 0.0 for c in K_RULE_METRICS)
    by["score"] = np.round(score.astype(float), 9)
    by["eligible"] = by["stability"].fillna(1.0) >= min_stability if "stability" in by else True
    return by


def choose_k(diag: pd.DataFrame, min_stability: float = 0.6) -> int:
    """The documented rule (docs/topics.md): among K whose seed stability is at least
    `min_stability` (every K if none is), the highest `k_scores` score; ties go to the smaller K."""
    by = k_scores(diag, min_stability)
    pool = by[by.eligible] if by.eligible.any() else by
    best = pool.index[pool.score == pool.score.max()]
    return int(min(best))


# ---------------------------------------------------------------------------------------------- tables


def doc_topic_table(segment_ids: list[str], doc_topic: np.ndarray) -> pd.DataFrame:
    """The doc-topic table (`doc_topics.tsv`): segment id and each topic's proportion, rounded for
    stable bytes. The prevalence and topic-code rules read it without the rest of `topic_tables`."""
    k = doc_topic.shape[1]
    dt = pd.DataFrame(np.round(doc_topic, 6), columns=[f"topic_{i}" for i in range(1, k + 1)])
    dt.insert(0, "segment_id", segment_ids)
    return dt


def topic_tables(
    segment_ids: list[str], topic_term: np.ndarray, doc_topic: np.ndarray, prep: Prepared, n_top: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Topic-term (top words), doc-topic and per-topic summary tables, rounded for stable bytes."""
    from .topic_metrics import exclusivity, npmi_coherence

    top = top_indices(topic_term, prep.vocab, n_top)
    rows = []
    for t, idx in enumerate(top, start=1):
        for rank, j in enumerate(idx, start=1):
            rows.append(
                {
                    "topic": t,
                    "rank": rank,
                    "term": prep.display[j],
                    "stem": prep.vocab[j],
                    "weight": round(float(topic_term[t - 1, j]), 6),
                }
            )
    terms = pd.DataFrame(rows)
    k = doc_topic.shape[1]
    dt = doc_topic_table(segment_ids, doc_topic)
    npmi, excl = npmi_coherence(prep.X, top), exclusivity(topic_term, top)
    summary = pd.DataFrame(
        {
            "topic": range(1, k + 1),
            "label": [
                ", ".join(terms[terms.topic == t].sort_values("rank").term.head(3)) for t in range(1, k + 1)
            ],
            "prevalence": np.round(doc_topic.mean(axis=0), 6),
            "npmi": np.round(npmi, 6),
            "exclusivity": np.round(excl, 6),
            "top_words": [
                ", ".join(terms[terms.topic == t].sort_values("rank").term) for t in range(1, k + 1)
            ],
        }
    )
    return terms, dt, summary


# ---------------------------------------------------------------------------------------------- prevalence


def _design(data: pd.DataFrame, covariates: list[str]) -> tuple[np.ndarray, list[str], dict[str, str]]:
    """Intercept + treatment-coded dummies (reference: first level in sorted order)."""
    cols, names, refs = [np.ones(len(data))], ["(intercept)"], {}
    for cov in covariates:
        levels = sorted(data[cov].astype(str).unique())
        refs[cov] = levels[0]
        for level in levels[1:]:
            cols.append((data[cov].astype(str) == level).to_numpy(float))
            names.append(f"{cov}={level}")
    return np.column_stack(cols), names, refs


def _ols(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    coef, *_ = np.linalg.lstsq(X, Y, rcond=None)
    return coef


def _participant_rows(data: pd.DataFrame) -> dict:
    """Each participant's row indices (ascending), participants in sorted order: one pass over
    the rows instead of a comparison of every row per participant (quadratic at 1,000
    transcripts); the same arrays as ``np.flatnonzero(pids == pid)``."""
    rows: dict = defaultdict(list)
    for i, pid in enumerate(data.participant_id.tolist()):
        rows[pid].append(i)
    return {pid: np.array(rows[pid], dtype=np.intp) for pid in sorted(rows)}


def _composition_draws(
    data: pd.DataFrame, counts: np.ndarray, alpha: np.ndarray, strata: str, n: int, seed: int
):
    """Yield (row indices, theta draw, blocks) n times: participants resampled with replacement
    within each level of `strata` (the sampling unit, keeping every level present), then every
    document's proportions drawn from its Gibbs posterior Dirichlet(counts + alpha) — the method
    of composition over both sources of uncertainty. `blocks` gives, per level of `strata` in
    sorted order, the (start, end) of the rows resampled within it (they come out level by
    level). The rows of the resampled participants are gathered with index arrays (each level's
    participants' rows laid end to end once, a draw's rows read from them by offsets), the same
    rows in the same order as joining each picked participant's rows one by one."""
    rng = np.random.default_rng(seed)
    by_part = _participant_rows(data)
    groups = [
        sorted(data.loc[data[strata].astype(str) == level, "participant_id"].unique())
        for level in sorted(data[strata].astype(str).unique())
    ]
    plans = []  # per level: (participants, their rows end to end, each one's first row there, lengths)
    for parts in groups:
        lengths = np.array([len(by_part[p]) for p in parts], dtype=np.intp)
        flat = np.concatenate([by_part[p] for p in parts])
        plans.append((len(parts), flat, np.cumsum(lengths) - lengths, lengths))
    for _ in range(n):
        pieces, blocks, end = [], [], 0
        for m, flat, first, lengths in plans:
            pick = rng.integers(0, m, size=m)
            took = lengths[pick]
            total = int(took.sum())
            # output position j of picked participant r reads flat[first[pick[r]] + j - offset[r]]
            offset = np.cumsum(took) - took
            pieces.append(flat[np.repeat(first[pick] - offset, took) + np.arange(total)])
            start, end = end, end + total
            blocks.append((start, end))
        rows = np.concatenate(pieces)
        theta = rng.gamma(counts[rows] + alpha[None, :])
        theta /= theta.sum(axis=1, keepdims=True)
        yield rows, theta, blocks


class _LevelMeans:
    """`prevalence_by`'s table, built draw by draw: mean topic proportion per level of `by`."""

    def __init__(
        self, data: pd.DataFrame, doc_topics: pd.DataFrame, topics: list[str], by: str, n_draws: int
    ):
        self.data, self.topics, self.by, self.n_draws = data, topics, by, n_draws
        self.levels = sorted(data[by].astype(str).unique())
        self.lvl = data[by].astype(str).to_numpy()
        values = doc_topics[topics].to_numpy()
        self.means = {level: values[self.lvl == level].mean(axis=0) for level in self.levels}
        self.boots = {level: [] for level in self.levels}
        # When every participant's segments share one level (a participant belongs to one site
        # and one group), the rows resampled within a level are exactly those of that level, in
        # the same order: its mean is taken over that block (the same numbers, without a
        # comparison of every row per level and draw: 30 sites × 500 draws × 25,000 rows).
        self.one_level = (data.groupby("participant_id")[by].nunique(dropna=False) <= 1).all()

    def add(self, rows: np.ndarray, theta: np.ndarray, blocks: list) -> None:
        for level, (start, end) in zip(self.levels, blocks, strict=True):
            if self.one_level:
                self.boots[level].append(theta[start:end].mean(axis=0))
            else:
                self.boots[level].append(theta[self.lvl[rows] == level].mean(axis=0))

    def table(self) -> pd.DataFrame:
        out = []
        for level in self.levels:
            b = np.array(self.boots[level])
            g = self.data[self.lvl == level]
            for j in range(len(self.topics)):
                m = self.means[level][j]
                lo, hi = np.percentile(b[:, j], [2.5, 97.5]) if self.n_draws else (m, m)
                out.append(
                    {
                        self.by: level,
                        "topic": j + 1,
                        "prevalence": round(float(m), 6),
                        "lower_95": round(float(lo), 6),
                        "upper_95": round(float(hi), 6),
                        "participants": int(g.participant_id.nunique()),
                        "segments": int(len(g)),
                    }
                )
        return pd.DataFrame(out)


class _Effects:
    """`prevalence_effects`' table, built draw by draw: the OLS fit refitted on every draw."""

    def __init__(
        self,
        data: pd.DataFrame,
        doc_topics: pd.DataFrame,
        topics: list[str],
        covariates: list[str],
        n_draws: int,
    ):
        if data[covariates].isna().any().any():
            raise InputError(
                "segments.tsv", f"a modelled segment has no {covariates} value", "re-run the segment stage"
            )
        self.topics, self.n_draws = topics, n_draws
        self.X, self.names, self.refs = _design(data, covariates)
        self.point = _ols(self.X, doc_topics[topics].to_numpy())
        self.draws = []

    def add(self, rows: np.ndarray, theta: np.ndarray, blocks: list) -> None:
        self.draws.append(_ols(self.X[rows], theta))

    def table(self) -> pd.DataFrame:
        point, names, refs = self.point, self.names, self.refs
        draws = np.array(self.draws) if self.draws else np.empty((0, *point.shape))
        out = []
        for t in range(len(self.topics)):
            for c, name in enumerate(names):
                if self.n_draws:
                    lo, hi = np.percentile(draws[:, c, t], [2.5, 97.5])
                else:
                    lo, hi = point[c, t], point[c, t]
                cov = name.split("=", 1)[0] if "=" in name else ""
                out.append(
                    {
                        "topic": t + 1,
                        "term": name,
                        "reference": f"{cov}={refs[cov]}" if cov else "",
                        "estimate": round(float(point[c, t]), 6),
                        "lower_95": round(float(lo), 6),
                        "upper_95": round(float(hi), 6),
                        "excludes_zero": bool(lo > 0 or hi < 0) if name != "(intercept)" else "",
                    }
                )
        return pd.DataFrame(out)


def prevalence_tables(
    doc_topics: pd.DataFrame,
    counts: np.ndarray,
    alpha: np.ndarray,
    segments: pd.DataFrame,
    by: list[str],
    covariates: list[str] | None,
    n_draws: int,
    seed: int,
    workers: int = 1,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame | None]:
    """`prevalence_by` for each of `by` and `prevalence_effects` for `covariates` (None: not
    wanted), each the same table as its own call. Tables whose draws resample within the same
    covariate (`prevalence_by(…, "group", …)` and the effects of `[group, …]`: the same seed, so
    the same draws) share one pass of draws instead of drawing them again — the gamma draws of
    every segment's proportions are most of the cost (25,000 segments × K, 500 times at 1,000
    transcripts). The per-draw regressions run with one BLAS thread: a 2-thread OpenBLAS spent
    ten times the CPU on these small least-squares problems and gives the same bits (tested).

    `workers` > 1: the passes (one per covariate resampled within: by site, and by group with the
    effects) run side by side in that many threads. Each pass has its own random stream, seeded
    alike, and feeds only its own tables, so the numbers are those of one thread; numpy's gamma
    draws, most of a pass, run without holding the interpreter lock."""
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    topics = [c for c in doc_topics.columns if c.startswith("topic_")]
    columns = list(dict.fromkeys([*by, *(covariates or [])]))
    data = doc_topics[["segment_id"]].merge(
        segments[["segment_id", "participant_id", *columns]], on="segment_id", how="left"
    )
    effects = _Effects(data, doc_topics, topics, covariates, n_draws) if covariates else None
    levels = {b: _LevelMeans(data, doc_topics, topics, b, n_draws) for b in by}
    passes: dict[str, list] = defaultdict(list)  # strata -> the tables its draws feed
    for b in by:
        passes[b].append(levels[b])
    if effects is not None:
        passes[covariates[0]].append(effects)

    def one_pass(strata: str) -> None:
        for rows, theta, blocks in _composition_draws(data, counts, alpha, strata, n_draws, seed):
            for table in passes[strata]:
                table.add(rows, theta, blocks)

    with threadpool_limits(limits=1, user_api="blas"):
        if workers > 1 and len(passes) > 1:
            with ThreadPoolExecutor(max_workers=min(workers, len(passes))) as pool:
                for done in [pool.submit(one_pass, strata) for strata in passes]:
                    done.result()  # (raises what the pass raised)
        else:
            for strata in passes:
                one_pass(strata)
    return {b: levels[b].table() for b in by}, effects.table() if effects is not None else None


def prevalence_effects(
    doc_topics: pd.DataFrame,
    counts: np.ndarray,
    alpha: np.ndarray,
    segments: pd.DataFrame,
    covariates: list[str],
    n_draws: int,
    seed: int,
) -> pd.DataFrame:
    """stm-style prevalence regression: each topic's proportion regressed (OLS) on the covariates,
    with 95% intervals from `n_draws` draws that resample participants (within the first
    covariate's levels) and draw proportions from each document's posterior. One row per topic ×
    coefficient; `estimate` is the fit to the posterior-mean proportions."""
    return prevalence_tables(doc_topics, counts, alpha, segments, [], covariates, n_draws, seed)[1]


def prevalence_by(
    doc_topics: pd.DataFrame,
    counts: np.ndarray,
    alpha: np.ndarray,
    segments: pd.DataFrame,
    by: str,
    n_draws: int,
    seed: int,
) -> pd.DataFrame:
    """Mean topic proportion per level of `by` (site or group) with 95% intervals from the same
    composition draws (participants resampled within the level, proportions from the posterior)."""
    return prevalence_tables(doc_topics, counts, alpha, segments, [by], None, n_draws, seed)[0][by]


def topic_code_alignment(doc_topics: pd.DataFrame, coded: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Mean topic weight among segments carrying each code (rows codes, columns topics)."""
    topics = [c for c in doc_topics.columns if c.startswith("topic_")]
    dt = doc_topics.set_index("segment_id")
    rows = []
    for code in codes:
        ids = [s for s in coded.loc[coded.code_id == code, "segment_id"] if s in dt.index]
        means = dt.loc[ids, topics].mean(axis=0) if ids else pd.Series(0.0, index=topics)
        rows.append({"code_id": code, "segments": len(ids), **{t: round(float(means[t]), 6) for t in topics}})
    return pd.DataFrame(rows)


def representative(
    doc_topics: pd.DataFrame, segments: pd.DataFrame, per_topic: int, min_words: int, max_words: int
) -> pd.DataFrame:
    """Highest-weight segments per topic (participant only, length-bounded, one per participant)."""
    topics = [c for c in doc_topics.columns if c.startswith("topic_")]
    data = doc_topics.merge(
        segments[["segment_id", "participant_id", "site_id", "group", "n_words", "text"]], on="segment_id"
    )
    data = data[data.n_words.astype(int).between(min_words, max_words)]
    rows = []
    for j, t in enumerate(topics, start=1):
        ranked = data.sort_values([t, "segment_id"], ascending=[False, True]).drop_duplicates(
            "participant_id"
        )
        for rank, r in enumerate(ranked.head(per_topic).itertuples(), start=1):
            rows.append(
                {
                    "topic": j,
                    "rank": rank,
                    "segment_id": r.segment_id,
                    "weight": round(float(getattr(r, t)), 6),
                    "participant_id": r.participant_id,
                    "site_id": r.site_id,
                    "group": r.group,
                    "text": r.text,
                }
            )
    return pd.DataFrame(rows)
