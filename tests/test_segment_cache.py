"""The sentence windows of long turns are reused by their text: the segments table is the one
computed without the cache, and a transcript added splits only its own long turns."""

from __future__ import annotations

import pandas as pd

import coprod.segment as segment
from coprod.cache import ContentCache
from coprod.segment import build_segments


def _docs(n):
    """`n` transcripts of two long participant turns each (of their own words) and a short one."""
    out = []
    for i in range(n):
        long_a = " ".join(f"Point {w} of transcript {i} was made here." for w in range(12))
        long_b = " ".join(f"Dr. Roe said item {w} mattered in case {i}." for w in range(9))
        turns = [
            {"order": 0, "speaker": "Interviewer", "role": "interviewer", "text": "Tell me more."},
            {"order": 1, "speaker": "[Person 1]", "role": "participant", "text": long_a},
            {"order": 2, "speaker": "[Person 1]", "role": "participant", "text": "Aye, that is it."},
            {"order": 3, "speaker": "[Person 1]", "role": "participant", "text": long_b},
        ]
        out.append({"id": f"t{i:02d}", "format": "txt", "turns": turns})
    return out


def _sheet(n):
    ids = [f"t{i:02d}" for i in range(n)]
    return pd.DataFrame(
        {
            "participant_id": [f"P{i}" for i in range(n)],
            "file": [f"{t}.txt" for t in ids],
            "site_id": ["s1"] * n,
            "group": ["local"] * n,
            "role_category": ["x"] * n,
            "transcript_id": ids,
        }
    )


def _counting_splits(monkeypatch):
    calls = []
    original = segment.windows
    monkeypatch.setattr(segment, "windows", lambda text, *a: calls.append(1) or original(text, *a))
    return calls


def test_windows_reused_by_text_give_the_uncached_table(tmp_path, monkeypatch):
    docs, sheet = _docs(4), _sheet(5)
    fresh = build_segments(docs, sheet, "p.tsv", min_words=3, max_words=25)
    assert fresh.window.max() > 1  # the long turns are split
    calls = _counting_splits(monkeypatch)
    cache = ContentCache(tmp_path / "cache")
    cold = build_segments(docs, sheet, "p.tsv", min_words=3, max_words=25, cache=cache)
    assert len(calls) == 8
    calls.clear()
    warm = build_segments(
        docs, sheet, "p.tsv", min_words=3, max_words=25, cache=ContentCache(tmp_path / "cache")
    )
    assert calls == []
    pd.testing.assert_frame_equal(cold, fresh)
    pd.testing.assert_frame_equal(warm, fresh)
    # a transcript added: only its own long turns are split
    more = _docs(5)
    grown = build_segments(
        more, sheet, "p.tsv", min_words=3, max_words=25, cache=ContentCache(tmp_path / "cache")
    )
    assert len(calls) == 2
    pd.testing.assert_frame_equal(grown, build_segments(more, sheet, "p.tsv", min_words=3, max_words=25))
    # another max_words is another entry: nothing reused from this one
    calls.clear()
    build_segments(more, sheet, "p.tsv", min_words=3, max_words=30, cache=ContentCache(tmp_path / "cache"))
    assert len(calls) == 10


def test_a_bad_window_entry_is_computed_again(tmp_path, monkeypatch):
    docs, sheet = _docs(3), _sheet(3)
    fresh = build_segments(docs, sheet, "p.tsv", min_words=3, max_words=25)
    folder = tmp_path / "cache"
    build_segments(docs, sheet, "p.tsv", min_words=3, max_words=25, cache=ContentCache(folder))
    (path,) = folder.glob("*.json")
    cache = ContentCache(folder)
    key = path.name[: -len(".json")]
    body = cache.get(key)
    stored = body["windows"]
    first, second, third = sorted(stored)[:3]
    stored[first] = [[0, 10**6]]  # past the end of its text
    stored[second] = "x"
    stored[third] = [[5, 2]]
    cache.put(key, body)
    calls = _counting_splits(monkeypatch)
    got = build_segments(docs, sheet, "p.tsv", min_words=3, max_words=25, cache=ContentCache(folder))
    pd.testing.assert_frame_equal(got, fresh)
    assert len(calls) == 3
    # a truncated entry: everything computed again, same table
    path.write_text(path.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    calls.clear()
    got = build_segments(docs, sheet, "p.tsv", min_words=3, max_words=25, cache=ContentCache(folder))
    pd.testing.assert_frame_equal(got, fresh)
    assert len(calls) == 6
