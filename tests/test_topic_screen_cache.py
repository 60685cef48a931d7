"""The topic corpus step reuses what it screened before: a turn's language and sign-off verdict and
a segment's content-word count depend on their own text, the word lists and the settings only, so
they are kept in the private fit cache and looked up by text. A grown corpus screens only the new
turns, the result is an uncached run's, and a damaged or foreign entry is ignored and rebuilt. The
stop list is scikit-learn's, read without importing scikit-learn."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from test_topics_engine import topic_config

from coprod import topics
from coprod.cache import ContentCache
from coprod.topics import english_stop_words, load_word_lists, prepare_segments, screen

# invented turns: some modelled, a sign-off, a French turn, a filler turn
TURNS = [
    "The harbour trust moved the ferry timetable after the lantern festival ran over budget.",
    "Volunteers at the allotment shed kept seed records and swapped tools with the library.",
    "Merci beaucoup, c'est vraiment gentil de nous accueillir dans la salle communale.",
    "Thanks so much, cheers, bye now!",
    "Yeah, I mean, you know, sort of.",
    "The orchard group planted pear trees along the canal path with the rangers and pupils.",
    "Our minibus drivers needed training before the winter gritting routes changed again.",
]


def _segments(n_transcripts: int) -> pd.DataFrame:
    rows = []
    for t in range(1, n_transcripts + 1):
        for turn, text in enumerate(TURNS, start=1):
            rows.append(
                {
                    "segment_id": f"r{t:03d}_{turn:04d}",
                    "transcript_id": f"r{t:03d}",
                    "turn_index": turn,
                    # each transcript's turns differ a little (a number of its own)
                    "text": f"{text} Route {t * 7 + turn} mattered." if turn not in (3, 4, 5) else text,
                }
            )
    return pd.DataFrame(rows)


def _p():
    return topic_config(min_df=1, max_df=1.0, min_tokens=3)


def test_the_stop_list_is_scikit_learns_without_importing_it():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert english_stop_words() == ENGLISH_STOP_WORDS


def test_a_cached_screening_equals_an_uncached_one_and_a_new_transcript_screens_only_its_turns(
    tmp_path, monkeypatch
):
    p = _p()
    lists = load_word_lists(p)
    cache = ContentCache(tmp_path / "cache")
    small, grown = _segments(4), _segments(5)
    pd.testing.assert_frame_equal(screen(small, lists, p, cache), screen(small, lists, p))
    calls = []
    real = topics.identify_language

    def counting(text, *args):
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(topics, "identify_language", counting)
    again = screen(grown, lists, p, cache)
    # only transcript 5's own turns (its numbered ones; the shared turns were seen before)
    new = grown[grown.transcript_id == "r005"]
    assert sorted(calls) == sorted(t for t in new.text if "Route" in t) and len(calls) == 4
    monkeypatch.setattr(topics, "identify_language", real)
    pd.testing.assert_frame_equal(again, screen(grown, lists, p))
    # and the whole corpus step: the prepared corpus and screening table of an uncached run
    cached = prepare_segments(grown, p, ContentCache(tmp_path / "cache"))
    cold = prepare_segments(grown, p)
    pd.testing.assert_frame_equal(cached[0], cold[0])
    assert cached[1] == cold[1] and cached[2].to_json(cached[1]) == cold[2].to_json(cold[1])


def test_changed_settings_do_not_reuse_verdicts(tmp_path):
    lists = load_word_lists(_p())
    cache = ContentCache(tmp_path / "cache")
    screen(_segments(3), lists, _p(), cache)
    stricter = dict(_p(), min_tokens=12)
    assert screen(_segments(3), lists, stricter, cache).equals(screen(_segments(3), lists, stricter))


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: {**body, "turns": {h: ["en"] for h in body["turns"]}},  # a verdict cut short
        lambda body: {**body, "segments": {h: "many" for h in body["segments"]}},
        lambda body: {"turns": []},  # foreign
        None,  # not an entry at all
    ],
)
def test_a_damaged_screening_entry_is_ignored_and_rebuilt(tmp_path, damage):
    p = _p()
    lists = load_word_lists(p)
    cache = ContentCache(tmp_path / "cache")
    segs = _segments(3)
    first = screen(segs, lists, p, cache)
    paths = sorted((tmp_path / "cache").glob("*.json"))
    assert len(paths) == 1
    if damage is None:
        paths[0].write_text("coprod-cache 1 x y\n{not json", encoding="utf-8")
    else:
        cache.put(paths[0].stem, damage(cache.get(paths[0].stem)))
    pd.testing.assert_frame_equal(screen(segs, lists, p, cache), first)
    body = cache.get(paths[0].stem)  # rebuilt whole
    assert body is not None and len(body["turns"]) == len(TURNS) * 3 - 6 and len(body["segments"]) > 0


def test_sklearn_is_not_imported_by_the_stop_list(tmp_path):
    import subprocess

    code = (
        "import sys; from coprod.topics import english_stop_words; w = english_stop_words(); "
        "print(len(w), 'sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n, imported = out.stdout.split()
    assert int(n) > 300 and imported == "False"
