"""The disk cache of reference structures (coprod.privacy.refcache): a hit returns exactly what a
build returns, and anything that is not an entry for this very code and data (truncated,
corrupt, written for another key, of another type) is ignored and rebuilt."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import pytest

from coprod.privacy import refcache, reference
from coprod.privacy.reference import (
    REFERENCE_DIR,
    Reference,
    _build_reference,
    _country_names,
    _languages_and_peoples,
    first_name_births,
    folded_names,
    place_first_words,
    place_prefixes,
    world_places,
)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(refcache.ENV, str(folder))
    return folder


@pytest.fixture
def ref_dir(tmp_path) -> Path:
    d = tmp_path / "reference"
    d.mkdir()
    (d / "places.tsv").write_text("name\tkind\nAnytown\tcity\n", encoding="utf-8")
    return d


class Builder:
    """A build that counts its calls and returns plain data derived from the folder."""

    def __init__(self, ref_dir: Path, value=None) -> None:
        self.ref_dir, self.calls, self.value = ref_dir, 0, value

    def __call__(self):
        self.calls += 1
        if self.value is not None:
            return self.value
        text = (self.ref_dir / "places.tsv").read_text(encoding="utf-8")
        return {line.split("\t")[0]: ("city", len(line)) for line in text.splitlines()[1:]}


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{refcache.SUFFIX}"))


def test_second_call_reads_the_entry_and_builds_nothing(cache, ref_dir):
    build = Builder(ref_dir)
    first = refcache.cached("places", ref_dir, build, dict)
    assert first == {"Anytown": ("city", 12)} and build.calls == 1
    assert len(entries(cache)) == 1
    again = refcache.cached("places", ref_dir, build, dict)
    assert again == first and build.calls == 1


def test_changed_data_file_is_a_new_key(cache, ref_dir):
    build = Builder(ref_dir)
    refcache.cached("places", ref_dir, build, dict)
    (ref_dir / "places.tsv").write_text("name\tkind\nOthertown\tcity\n", encoding="utf-8")
    refcache._data_version.cache_clear()  # a new process sees the new content
    value = refcache.cached("places", ref_dir, build, dict)
    assert value == {"Othertown": ("city", 14)} and build.calls == 2
    assert len(entries(cache)) == 2


def test_added_file_and_parameters_change_the_key(ref_dir):
    before = refcache.entry_key("places", ref_dir)
    assert refcache.entry_key("places", ref_dir, (20,)) != before
    assert refcache.entry_key("other", ref_dir) != before
    (ref_dir / "cues").mkdir()
    (ref_dir / "cues" / "titles.txt").write_text("Dr\n", encoding="utf-8")
    refcache._data_version.cache_clear()
    assert refcache.entry_key("places", ref_dir) != before


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated (a killed writer, a full disk)
        lambda blob: blob[:-3] + bytes([blob[-3] ^ 0xFF]) + blob[-2:],  # one byte flipped
        lambda blob: b"",  # empty
        lambda blob: b"not a cache entry at all\n" + blob,  # another program's file
        lambda blob: blob[: len(refcache.MAGIC)] + bytes(32) + blob[len(refcache.MAGIC) + 32 :],  # other key
    ],
    ids=["truncated", "flipped", "empty", "foreign-header", "foreign-key"],
)
def test_damaged_entry_is_ignored_and_rebuilt(cache, ref_dir, damage):
    build = Builder(ref_dir)
    good = refcache.cached("places", ref_dir, build, dict)
    (entry,) = entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert refcache.cached("places", ref_dir, build, dict) == good
    assert build.calls == 2
    # the rebuilt entry replaced the damaged one and is read again
    assert refcache.cached("places", ref_dir, build, dict) == good
    assert build.calls == 2


def test_entry_of_another_structure_copied_over_is_rebuilt(cache, ref_dir):
    """A valid entry for a different key, renamed to this entry's name, is not trusted."""
    other = refcache.cached("names", ref_dir, Builder(ref_dir, value={"x": ("y", 1)}), dict)
    build = Builder(ref_dir)
    good = refcache.cached("places", ref_dir, build, dict)
    names = next(p for p in entries(cache) if p.name.startswith("names-"))
    places = next(p for p in entries(cache) if p.name.startswith("places-"))
    places.write_bytes(names.read_bytes())
    assert refcache.cached("places", ref_dir, build, dict) == good != other
    assert build.calls == 2


def test_entry_of_the_wrong_type_is_rebuilt(cache, ref_dir):
    build = Builder(ref_dir, value=["a", "list"])
    refcache.cached("places", ref_dir, build, list)
    # the same key asked for as a dict: the stored list is refused, the build runs
    wanted = Builder(ref_dir)
    assert refcache.cached("places", ref_dir, wanted, dict) == {"Anytown": ("city", 12)}
    assert wanted.calls == 1


def test_turned_off_and_unwritable_folders_still_build(tmp_path, ref_dir, monkeypatch):
    monkeypatch.setenv(refcache.ENV, "")
    build = Builder(ref_dir)
    assert refcache.cached("places", ref_dir, build, dict) == refcache.cached("places", ref_dir, build, dict)
    assert build.calls == 2  # no cache: every call builds
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(refcache.ENV, str(blocker / "cache"))  # under a file: cannot be created
    assert refcache.cached("places", ref_dir, build, dict) == {"Anytown": ("city", 12)}
    assert build.calls == 3


def test_default_folder_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(refcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert refcache.cache_dir() == tmp_path / "xdg" / "coprod" / "reference"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert refcache.cache_dir() == tmp_path / "home" / ".cache" / "coprod" / "reference"


def test_folder_is_bounded(cache, ref_dir):
    for i in range(refcache.MAX_ENTRIES + 5):
        refcache.cached(f"s{i}", ref_dir, Builder(ref_dir, value={"i": i}), dict)
        (new,) = cache.glob(f"s{i}-*")
        os.utime(new, (1_000_000 + i, 1_000_000 + i))  # distinct ages, in the order written
    names = {p.name.split("-")[0] for p in entries(cache)}
    assert len(names) == refcache.MAX_ENTRIES
    assert "s0" not in names and f"s{refcache.MAX_ENTRIES + 4}" in names


def test_no_temporary_file_is_left_behind(cache, ref_dir):
    refcache.cached("places", ref_dir, Builder(ref_dir), dict)
    assert [p.name for p in cache.iterdir() if p.name.startswith(".tmp-")] == []


def test_cached_reference_structures_equal_a_fresh_build(cache, monkeypatch):
    """Every structure read back from the cache is exactly the one built from the files (same
    values, same types, dicts in the same order), and the loaders read it instead of building."""
    d = str(REFERENCE_DIR)
    builds = {
        "world_places": (lambda: world_places.__wrapped__(d), dict),
        "first_name_births": (lambda: first_name_births.__wrapped__(d), dict),
        "folded_names": (lambda: folded_names.__wrapped__(d), tuple),
        "place_first_words": (lambda: place_first_words.__wrapped__(d), frozenset),
        "place_prefixes": (lambda: place_prefixes.__wrapped__(d), frozenset),
        "country_names": (_country_names, frozenset),
        "languages_and_peoples": (_languages_and_peoples, frozenset),
    }
    for name, (build, expect) in builds.items():
        fresh = refcache.cached(name, d, build, expect)  # cold: builds and writes

        def refuse(name=name):
            raise AssertionError(f"{name} was rebuilt")

        again = refcache.cached(name, d, refuse, expect)
        assert again == fresh and type(again) is type(fresh), name
        if isinstance(fresh, dict):
            assert list(again.items()) == list(fresh.items()), name
    fresh_ref = _build_reference(d, 20)
    monkeypatch.setattr(reference, "_build_reference", lambda *a: fresh_ref)
    built = reference._load_reference.__wrapped__(d, 20)  # cold: builds (the fresh one) and writes
    monkeypatch.setattr(reference, "_build_reference", lambda *a: pytest.fail("Reference rebuilt"))
    read = reference._load_reference.__wrapped__(d, 20)
    for f in fields(Reference):
        assert getattr(read, f.name) == getattr(fresh_ref, f.name) == getattr(built, f.name), f.name
        assert type(getattr(read, f.name)) is type(getattr(fresh_ref, f.name)), f.name
    assert list(read.gazetteer.items()) == list(fresh_ref.gazetteer.items())


def test_a_loaded_structure_leaves_the_cyclic_collectors_generations(cache, ref_dir):
    # the callers keep it for the life of the process: a full collection need not walk it
    import gc

    value = refcache.cached("frozen_probe", ref_dir, lambda: {"anytown": {"north", "south"}}, dict)
    inner = value["anytown"]
    assert gc.is_tracked(inner)  # a set is a container the collector would walk
    assert not any(o is inner for o in gc.get_objects())  # but it is in no generation now


def test_a_later_load_does_not_freeze_cyclic_garbage_for_good(cache, ref_dir):
    # An analyzer and its recognizers point at each other (bound methods), so when a run drops
    # them they are cyclic garbage until the collector runs. A load in between (a later run in
    # the same process, another reference folder) froze them with everything else, and frozen
    # objects are never examined for cycles again: every in-process run kept ~25 MB for good.
    import gc
    import weakref

    class Node:
        pass

    refcache.cached("first_probe", ref_dir, lambda: {"a": 1}, dict)  # the process's first freeze
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle, like the analyzer's
    gone = weakref.ref(a)
    del a, b
    refcache.cached("later_probe", ref_dir, lambda: {"b": 2}, dict)  # a later load freezes again
    gc.collect()
    assert gone() is None, "a cycle dropped before a load was frozen and can never be freed"


def test_small_states_are_read_once_per_process():
    # each read of a cached structure freezes the collector's generations: not once per analyzer
    reference.small_states.cache_clear()
    first = reference.small_states()
    assert reference.small_states() is first
    assert reference.small_states.cache_info().hits >= 1
