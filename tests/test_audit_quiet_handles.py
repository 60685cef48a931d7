"""A cached scan keeps a line whose only finding is handles naming nobody ("s0001", "site04":
ids a table writes in every row) as the handle texts alone: the hits stay a full scan's when a
value added later completes such a handle (the block or file is read again), when a handle
already holds a name (kept in place, so a name added beside it needs no re-read), and through
random tables, grown and shrunk identifier sets and damaged entries. Every name here is
invented for this test."""

from __future__ import annotations

import json
import random

import pytest
from test_audit_blocks import _count_lines
from test_content_cache import _audit

from coprod.cache import ContentCache
from coprod.privacy.audit import scan as audit_scan
from coprod.privacy.deidentify import PseudonymKey

NAMES = ("Wendeline Quarrington", "Bexley Thrushcombe", "Ottoline Brackwater", "Zephrine Yelverdale")
FILLER = "the panel met again and the plan moved slowly through the spring review".split()


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(audit_scan, "BLOCK_MIN_BYTES", 1024)
    monkeypatch.setattr(audit_scan, "BLOCK_LINES", 8)
    monkeypatch.setattr(audit_scan, "BLOCK_MIN_LINES", 2)


def _write(tmp_path, rows: list[str], originals) -> None:
    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    res = tmp_path / "results"
    (res / "coding").mkdir(parents=True, exist_ok=True)
    (res / "coding" / "coded_segments.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # a small file (one whole-file entry, no blocks) with the same kind of rows
    (res / "coding" / "small.tsv").write_text("\n".join(rows[:6]) + "\n", encoding="utf-8")


def _rows_scanned(scanned: list[str]) -> list[str]:
    return [t for t in scanned if t.count("\t") == 3 and "\n" not in t]


def _rows(n: int) -> list[str]:
    return [
        f"s{k:04d}\tQ{k:04d}\tsite{k % 7:02d}\t" + " ".join(FILLER[(k + j) % len(FILLER)] for j in range(9))
        for k in range(1, n + 1)
    ]


def test_a_value_that_completes_a_quiet_handle_is_found(tmp_path, monkeypatch, small_blocks):
    rows = _rows(300)
    rows[150] += " mail ydrysvale7 now"  # a handle of a name not (yet) a value
    rows[3] += " mail ydrysvale7 now"  # also in the small file
    rows[200] += " login wquarrington2"  # a handle of a value already listed: kept in place
    cache = tmp_path / "private" / "cache"
    _write(tmp_path, rows, NAMES[:1])
    full = _audit(tmp_path, tmp_path / "results", None)
    assert "line 201\tQuarrington" in full and "Drysvale" not in full
    assert _audit(tmp_path, tmp_path / "results", cache) == full
    # entries hold the id-only lines as handle texts, not one scan per line
    bodies = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in cache.glob("*.json")]
    blocks = [json.loads(b) for b in bodies if '"pairs"' in b]
    assert blocks and all(len(b["units"]) <= 1 for b in blocks)
    assert any("s0001" in b["quiet"] for b in blocks)

    # Drysvale added: the handle "ydrysvale7" now names someone: its block and the small file
    # are read again, and the hits are a full scan's
    _write(tmp_path, rows, (*NAMES[:1], "Yolanda Drysvale"))
    full = _audit(tmp_path, tmp_path / "results", None)
    assert "coded_segments.tsv\tline 151\tDrysvale" in full and "small.tsv\tline 4\tDrysvale" in full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, tmp_path / "results", cache) == full
    assert 1 <= len(_rows_scanned(scanned)) <= 2 * 8 * 8

    # a first name added beside a handle's listed surname: the same hits
    _write(tmp_path, rows, (*NAMES[:1], "Yolanda Drysvale", "Wendeline Lorimer"))
    full = _audit(tmp_path, tmp_path / "results", None)
    scanned.clear()
    assert _audit(tmp_path, tmp_path / "results", cache) == full
    # and removed again: the same hits as a full scan
    _write(tmp_path, rows, NAMES[:1])
    full = _audit(tmp_path, tmp_path / "results", None)
    assert _audit(tmp_path, tmp_path / "results", cache) == full


def test_quiet_entries_with_a_wrong_shape_are_rebuilt(tmp_path, small_blocks):
    rows = _rows(200)
    rows[50] += " mail ydrysvale7 now"
    cache_dir = tmp_path / "private" / "cache"
    _write(tmp_path, rows, (*NAMES[:1], "Yolanda Drysvale"))
    full = _audit(tmp_path, tmp_path / "results", None)
    assert "line 51\tDrysvale" in full
    _write(tmp_path, rows, NAMES[:1])
    _audit(tmp_path, tmp_path / "results", cache_dir)
    cache = ContentCache(cache_dir)
    damaged = 0
    for path in sorted(cache_dir.glob("*.json")):
        key = path.name[: -len(".json")]
        body = cache.get(key)
        if body and body.get("quiet"):
            body["quiet"] = [1, 2] if damaged % 2 else "s0001"
            cache.put(key, body, evict=False)
            damaged += 1
    assert damaged > 5
    _write(tmp_path, rows, (*NAMES[:1], "Yolanda Drysvale"))
    assert _audit(tmp_path, tmp_path / "results", cache_dir) == full
    assert _audit(tmp_path, tmp_path / "results", cache_dir) == full


@pytest.mark.parametrize("seed", range(4))
def test_random_tables_and_identifier_sets_give_a_full_scans_hits(tmp_path, small_blocks, seed):
    rng = random.Random(seed)
    people = [*NAMES, "Yolanda Drysvale", "Mirren Oakhurst"]
    rows = _rows(160)
    for _ in range(25):  # handles of first names, surnames and both, and names in the text
        first, last = rng.choice(people).split()
        k = rng.randrange(len(rows))
        rows[k] += rng.choice(
            [
                f" mail {first[0].lower()}{last.lower()}{rng.randint(1, 99)}",
                f" login {first.lower()}{last.lower()}",
                f" id {last.lower()}{rng.randint(1, 9)}x",
                f" and {first} said so",
            ]
        )
    cache = tmp_path / "private" / "cache"
    for step in range(5):
        originals = rng.sample(people, rng.randint(1, len(people)))
        if step and rng.random() < 0.5:  # an edit, an inserted and a removed row
            rows[rng.randrange(len(rows))] += " mail odrysvale3"
            rows.insert(rng.randrange(len(rows)), f"s9{step:03d}\tQ9{step:03d}\tsite01\tthe plan")
            del rows[rng.randrange(len(rows))]
        _write(tmp_path, rows, originals)
        full = _audit(tmp_path, tmp_path / "results", None)
        assert _audit(tmp_path, tmp_path / "results", cache) == full, (seed, step)


# ------------------------------------------------------- "text across lines" from the blocks
WORDS = ["Brack", "water", "Anne", "Marie", "co", "production", "deadbeef12", "I", "é", "Ann_", "x1", "a-_b"]
ENDS = ["-", "- ", "-\r", "_", " ", "", ".", "é", "—", "-\u200b", "–"]


def _random_lines(rng: random.Random, n: int, ascii: bool) -> list[str]:
    words_, ends = ([w for w in ws if w.isascii()] if ascii else ws for ws in (WORDS, ENDS))
    lines = []
    for _ in range(n):
        words = [rng.choice(words_) for _ in range(rng.randint(0, 5))]
        line = " ".join(words) + rng.choice(ends)
        if rng.random() < 0.3:
            line = rng.choice(["- ", "-", " "]) + line
        lines.append(line if rng.random() > 0.05 else "   ")
    return lines


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_the_hyphen_joins_of_a_run_of_blocks_are_the_whole_texts(tmp_path, small_blocks, seed, ascii):
    """`_scan_lines` works out the hyphen joins of the whole text from its blocks' (cold and
    reused): equal to matching the whole text, with breaks, chains of breaks ("a- b- c"), hex
    strings and non-ASCII and blank lines at and across block ends."""
    from coprod.privacy.audit import Index, Value
    from coprod.privacy.normalise import hyphen_joins, skeleton

    rng = random.Random(seed)
    lines = _random_lines(rng, 300, ascii)
    text = "\n".join(lines)
    skel = audit_scan.HEX_RE.sub(lambda m: " " * len(m.group(0)), skeleton(text))
    expected = hyphen_joins(skel)
    run = [(k, t) for k, t in enumerate(lines, start=1) if t.strip()]
    index = Index([Value("Brackwater", "[P]", "key")])
    cache = ContentCache(tmp_path / "cache")
    sets = audit_scan._ValueSets(index, cache)
    blocks = audit_scan._Blocks(index, cache, sets, ("test",))
    for _ in range(2):  # scanned, then every block reused
        _, _, joins = audit_scan._scan_lines(index, "", run, "", False, set(), set(), blocks, big=True)
        assert joins == expected


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["the Drys-_dale plan"], True),  # "_" is a space in the skeleton
        (["a Drys-", "dale"], True),
        (["x deadbeef12- dale"], False),  # a hex string is no word
        (["no break-here"], False),
        (["a - b"], False),
    ],
)
def test_a_blocks_joins_are_its_texts(lines, joined):
    from coprod.privacy.normalise import hyphen_joins, skeleton

    skel = audit_scan.HEX_RE.sub(lambda m: " " * len(m.group(0)), skeleton("\n".join(lines)))
    assert audit_scan._text_joins(list(enumerate(lines, start=1))) == hyphen_joins(skel)
    assert bool(hyphen_joins(skel)) == joined
