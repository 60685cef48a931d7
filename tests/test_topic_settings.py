"""Topic settings derived from the corpus (`topics.k_grid: auto`, `topics.min_df: auto`, the values
`coprod new-study` writes) unless the config sets them: the rules in docs/topics.md, on two corpus
sizes, and the config a new study starts from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from coprod.config import load_config
from coprod.errors import ConfigError
from coprod.newstudy import new_study
from coprod.topics import derived_k_grid, derived_min_df, prepare_segments

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "data" / "reference"


def topic_config(**over) -> dict:
    p = load_config(yaml.safe_load((ROOT / "config" / "config.yaml").read_text()))["topics"]
    p.update(
        stopwords_dir=str(REF),
        conversational_words=str(REF / "conversational_fillers.txt"),
        signoff_words=str(REF / "conversational_signoffs.txt"),
    )
    # no collocations: the tests' repeated phrases would all be joined into a few bigrams
    return p | {"collocations": {"min_freq": 10**6, "min_pmi": 3.0}} | over


@pytest.mark.parametrize(
    "segments, vocab, min_df, grid",
    [
        # four short sample transcripts
        (40, 60, 1, [2, 3, 4]),
        (30, 45, 1, [2, 3]),
        # a 36-interview study
        (1400, 900, 14, [2, 7, 11, 16, 20]),
        # the bundled study's size: 467 modelled segments, 322 terms
        (467, 322, 5, [2, 5, 9, 12, 15]),
    ],
)
def test_the_derived_settings_follow_the_corpus_size(segments, vocab, min_df, grid):
    assert derived_min_df(segments) == min_df
    assert derived_k_grid(segments, vocab, 10) == grid


def test_the_derived_grid_is_bounded_by_the_vocabulary_and_never_below_two():
    assert derived_k_grid(5000, 60, 10) == [2, 3, 4, 5, 6]  # 60 terms: six topics of ten words
    assert derived_k_grid(4, 5, 10) == [2]
    assert derived_k_grid(10**6, 10**6, 10) == [2, 7, 11, 16, 20]
    assert derived_min_df(0) == 1 and derived_min_df(100) == 1 and derived_min_df(101) == 2


def corpus(n_segments: int) -> pd.DataFrame:
    """n segments of ordinary content words; 'rareword' occurs in exactly three of them."""
    pools = [
        "funding budget savings pilot money cuts finance",
        "digital online broadband computer remote video screen",
        "volunteers community groups charity carers neighbours families",
    ]
    rows = []
    for i in range(n_segments):
        text = pools[i % 3] + (" rareword" if i < 3 else "")
        rows.append(
            {"segment_id": f"s{i:04d}", "transcript_id": f"t{i // 10:03d}", "turn_index": i, "text": text}
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n, kept", [(30, True), (600, False)])
def test_min_df_auto_on_two_corpus_sizes(n, kept):
    """30 segments: min_df 1, a word in three segments stays; 600: min_df 6, it goes."""
    _, ids, prep = prepare_segments(corpus(n), topic_config(min_df="auto", max_df=1.0))
    assert len(ids) == n
    assert ("rarewor" in prep.vocab or "rareword" in prep.vocab) is kept
    # a number in the config is used as it is, whatever the corpus size
    _, _, fixed = prepare_segments(corpus(n), topic_config(min_df=3, max_df=1.0))
    assert "rarewor" in fixed.vocab or "rareword" in fixed.vocab


def test_a_new_study_derives_its_topic_settings_and_the_bundled_study_sets_them(tmp_path):
    new_study("transport", tmp_path, today=dt.date(2026, 11, 30))
    text = (tmp_path / "config/transport/config.yaml").read_text()
    cfg = yaml.safe_load(text)["topics"]
    assert cfg["k_grid"] == "auto" and cfg["min_df"] == "auto"
    # the size-dependent settings the template used to tune for its four samples are gone
    assert (cfg["max_iter"], cfg["samples"], cfg["thin"]) == (1000, 50, 10)
    bundled = yaml.safe_load((ROOT / "config/config.yaml").read_text())["topics"]
    assert bundled["k_grid"] == [4, 6, 8, 10] and bundled["min_df"] == 8
    base = {"corpus": {"name": "x", "raw_dir": "r", "participants": "p", "register": "g"}}
    assert load_config(base | {"topics": {"k_grid": "auto", "min_df": "auto"}})["topics"]["k_grid"] == "auto"
    with pytest.raises(ConfigError, match=r"key 'topics.k_grid' is 'four'.*allowed: auto or an array"):
        load_config(base | {"topics": {"k_grid": "four"}})
    with pytest.raises(ConfigError, match=r"key 'topics.min_df' is 0.*allowed: auto or an integer >= 1"):
        load_config(base | {"topics": {"min_df": 0}})
