"""A big text file's scan is cached in blocks of lines, and the whole text is scanned only for
what its lines cannot show (a value across a line end, a hyphen join): the hits are exactly a
full scan's after a changed row, an added row, a grown identifier set and a damaged block
entry, and only the blocks around a change are scanned again. Every name and sentence here is
invented for this test."""

from __future__ import annotations

import random

import pytest
from test_content_cache import _audit

from coprod.cache import ContentCache
from coprod.privacy.audit import Index, Value
from coprod.privacy.audit import scan as audit_scan
from coprod.privacy.audit.readers import _lines
from coprod.privacy.deidentify import PseudonymKey

OLD = ("Wendeline Quarrington", "Bexley Thrushcombe", "Ottoline Brackwater")
NEW = ("Zephrine Yelverdale",)
FILLER = "the panel met again and the plan moved slowly through the spring review".split()


def _row(rng: random.Random, k: int) -> str:
    words = [rng.choice(FILLER) for _ in range(rng.randint(6, 14))]
    return f"{k}\tseg{k:05d}\t{' '.join(words)}"


def _table(n: int, seed: int = 3) -> list[str]:
    """A coded-segments table: n invented rows, a few names in them, one name across a line
    end and one hyphen join across a line end."""
    rng = random.Random(seed)
    rows = ["id\tsegment\ttext", *(_row(rng, k) for k in range(1, n + 1))]
    rows[n // 5] += " Wendeline said so"
    rows[n // 3] += " and then Bexley"
    rows[n // 3 + 1] = "Thrushcombe " + rows[n // 3 + 1]  # "Bexley / Thrushcombe" across a line end
    rows[n // 2] += " mail ottolinequarrington7 today"
    rows[2 * n // 3] += " the Brack-"
    rows[2 * n // 3 + 1] = "water " + rows[2 * n // 3 + 1]
    return rows


def _study(tmp_path, rows: list[str], originals=OLD, allow_table=True):
    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    res = tmp_path / "results"
    (res / "coding").mkdir(parents=True, exist_ok=True)
    (res / "coding" / "coded_segments.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (res / "coding" / "small.tsv").write_text("id\ttext\n1\tnothing here\n", encoding="utf-8")
    return res


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of about 8 lines in files of 1 KB or more, so a test table has dozens of them."""
    monkeypatch.setattr(audit_scan, "BLOCK_MIN_BYTES", 1024)
    monkeypatch.setattr(audit_scan, "BLOCK_LINES", 8)
    monkeypatch.setattr(audit_scan, "BLOCK_MIN_LINES", 2)


def _count_lines(monkeypatch) -> list[str]:
    """Every text `Index.scan_raw` is asked to scan."""
    scanned: list[str] = []
    real = Index.scan_raw

    def counting(self, text, *args, **kwargs):
        scanned.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Index, "scan_raw", counting)
    return scanned


def _table_lines(scanned: list[str]) -> list[str]:
    return [t for t in scanned if t.count("\t") == 2 and "\n" not in t]


def test_block_hits_equal_a_full_scan_after_a_changed_and_an_added_row(tmp_path, monkeypatch, small_blocks):
    cache = tmp_path / "private" / "cache"
    rows = _table(400)
    res = _study(tmp_path, rows)
    full = _audit(tmp_path, res, None)
    # the names in rows, across a line end, in a handle and in a hyphen join are all found
    for where, name in [
        (f"line {400 // 5 + 1}", "Wendeline"),
        ("text across lines", "Bexley Thrushcombe"),
        (f"line {400 // 2 + 1}", "Ottoline"),
        ("text across lines", "Brackwater"),
    ]:
        assert f"coded_segments.tsv\t{where}\t{name}\t" in full, (where, name)
    assert _audit(tmp_path, res, cache) == full  # cold cache
    assert len(list(cache.glob("*.json"))) > 30  # one entry per block (and the file's, the values)

    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache) == full  # all reused: no table line scanned
    assert _table_lines(scanned) == []

    # (a) a changed row in the middle: only its block is scanned again
    rows[250] = rows[250].replace("panel", "Quarrington panel", 1)
    _study(tmp_path, rows)
    full = _audit(tmp_path, res, None)
    assert "line 251\tQuarrington" in full
    scanned.clear()
    assert _audit(tmp_path, res, cache) == full
    assert 1 <= len(_table_lines(scanned)) <= 8 * 8

    # (b) a row added in the middle: the lines below it move down one, their blocks are reused
    rows.insert(120, "999\tseg00999\tthe panel met Ottoline Brackwater again")
    _study(tmp_path, rows)
    full = _audit(tmp_path, res, None)
    assert "line 121\tOttoline Brackwater" in full and f"line {400 // 2 + 2}\tOttoline" in full
    scanned.clear()
    assert _audit(tmp_path, res, cache) == full
    assert 1 <= len(_table_lines(scanned)) <= 8 * 8


def test_block_cache_after_a_grown_identifier_set(tmp_path, monkeypatch, small_blocks):
    """(c) a value added: blocks that write its first word are scanned again, the others are
    reused, and a new name across a line end is found by the whole-text scan."""
    cache = tmp_path / "private" / "cache"
    rows = _table(300)
    rows[40] += " Zephrine"
    rows[41] = "Yelverdale " + rows[41]  # the new name across a line end
    rows[220] += " mail zephrinequarrington2"  # a handle of a new and an old name
    res = _study(tmp_path, rows)
    before = _audit(tmp_path, res, cache)
    assert "Zephrine" not in before
    _study(tmp_path, rows, OLD + NEW)
    full = _audit(tmp_path, res, None)
    assert "text across lines\tZephrine Yelverdale" in full and "line 221\tZephrine" in full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    assert 1 <= len(_table_lines(scanned)) <= 3 * 8 * 8
    # and shrunk back: the removed value's hits go, nothing is scanned again
    _study(tmp_path, rows, OLD)
    full = _audit(tmp_path, res, None)
    assert "Zephrine" not in full
    scanned.clear()
    assert _audit(tmp_path, res, cache) == full
    assert _table_lines(scanned) == []


def test_a_damaged_or_foreign_block_entry_is_ignored_and_rebuilt(tmp_path, small_blocks):
    """(d) a truncated entry and entries of the right checksum but the wrong shape (a line
    number that is no number, a pair that is no pair): scanned again, the same hits."""
    cache_dir = tmp_path / "private" / "cache"
    rows = _table(300)
    res = _study(tmp_path, rows)
    full = _audit(tmp_path, res, None)
    assert _audit(tmp_path, res, cache_dir) == full
    entries = sorted(p for p in cache_dir.glob("*.json") if not p.name.startswith("values-"))
    blocks = [p for p in entries if '"pairs"' in p.read_text(encoding="utf-8")]
    assert len(blocks) > 20
    blocks[0].write_text(blocks[0].read_text(encoding="utf-8")[:-40], encoding="utf-8")
    cache = ContentCache(cache_dir)
    for path, damage in [
        (blocks[3], lambda e: dict(e, units=[["line x", [], [], []]])),
        (blocks[5], lambda e: dict(e, pairs=[["one"]])),
        (blocks[7], lambda e: dict(e, ends=["one"])),
        (blocks[9], lambda e: dict(e, units=[["line 1", [[0, 0, 0, ["a"], ["a"]]], [], []]])),
    ]:
        key = path.name[: -len(".json")]
        cache.put(key, damage(cache.get(key)), evict=False)
    for path in set(entries) - set(blocks):  # the whole-file entries: the blocks are read
        path.unlink()
    assert _audit(tmp_path, res, cache_dir) == full
    # each rebuilt: the same hits again with every block reused
    assert _audit(tmp_path, res, cache_dir) == full
    assert all('"pairs"' in p.read_text(encoding="utf-8") for p in blocks)


def test_a_big_table_with_the_default_blocks(tmp_path, monkeypatch):
    """The shipped block sizes: a table of a few thousand rows is cut into blocks, and a changed
    row costs a block's lines, not the table's."""
    cache = tmp_path / "private" / "cache"
    rows = _table(3000)
    res = _study(tmp_path, rows)
    assert len("\n".join(rows)) > audit_scan.BLOCK_MIN_BYTES
    full = _audit(tmp_path, res, None)
    assert _audit(tmp_path, res, cache) == full
    rows[1500] += " Thrushcombe"
    _study(tmp_path, rows)
    full = _audit(tmp_path, res, None)
    assert "line 1501\tThrushcombe" in full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    assert 1 <= len(_table_lines(scanned)) <= 8 * audit_scan.BLOCK_LINES


def _value(original: str) -> Value:
    return Value(original, "[Person]", "key")


@pytest.mark.parametrize("stems", [False, True])
@pytest.mark.parametrize(
    "text",
    [
        "one line with Wendeline Quarrington\n",
        "met Wendeline\nQuarrington later\n",  # a name across a line end
        "met Wendeline\n\n  12 -- 7\nQuarrington later",  # across blank and word-less lines
        "the Wendelines'\nQuarrington barn\n",  # the possessive candidate across a line end
        "kept: Bexley\nThrushcombe Hall\nand Bexley Thrushcombe Hall\n",  # an allowed phrase across
        "Brack-\nwater and Brack- water\nthe Quarr-\nington\n",  # hyphen joins
        "mail wendeline7 or\nottolinequarrington99\n",  # handles
        "hex 0a1b2c3d4e5f\nWendeline deadbeef99\nQuarrington",
        "Wendeline\r\nQuarrington\r\n",
        "%57endeline\nQuarrington\n",  # escapes: the decoded text is a unit of its own
        "plain text, no names at all\nacross two lines\n",
    ],
)
def test_the_whole_text_scan_after_its_lines_equals_a_full_scan(text, stems):
    """`_scan_units` gives the file hits of scanning every unit in full (the code before it)."""
    index = Index(
        [_value(v) for v in (*OLD, "Wendeline", "Quarrington")],
        allow=["Bexley Thrushcombe Hall"],
    )
    index.published({"barn", "later"})
    units = _lines(text)
    full = [(u.where, index.scan_raw(u.text, "", stems)) for u in units]
    reduced = audit_scan._scan_units(index, units, "", stems, set(), set())
    assert audit_scan._file_hits(index, reduced, "") == audit_scan._file_hits(index, full, "")
    # a zip member's or a script's lines are labelled with a prefix: the same
    units = [type(u)(f"member a.txt {u.where}", u.text) for u in units]
    full = [(u.where, index.scan_raw(u.text, "", stems)) for u in units]
    reduced = audit_scan._scan_units(index, units, "", stems, set(), set())
    assert audit_scan._file_hits(index, reduced, "") == audit_scan._file_hits(index, full, "")


def test_a_whole_text_unit_not_preceded_by_its_lines_is_scanned_in_full():
    index = Index([_value("Wendeline Quarrington")])
    units = [type(u)(u.where, u.text) for u in _lines("a line\nWendeline Quarrington\n")]
    del units[1]  # the line holding the name is no unit: the whole text must find it
    hits = audit_scan._file_hits(index, audit_scan._scan_units(index, units, "", False, set(), set()), "")
    assert [(w, v.original) for w, v in hits] == [("text across lines", "Wendeline Quarrington")]


def test_block_boundaries_depend_on_content_only():
    rng = random.Random(5)
    lines = [_row(rng, k) for k in range(2000)]
    cuts = {lines[b - 1] for _, b in audit_scan._blocks(lines)}
    grown = lines[:700] + ["an inserted row"] + lines[700:]
    assert {grown[b - 1] for _, b in audit_scan._blocks(grown)} >= cuts - {lines[k] for k in range(690, 720)}
    sizes = [b - a for a, b in audit_scan._blocks(lines)]
    assert sum(sizes) == len(lines) and max(sizes) <= 8 * audit_scan.BLOCK_LINES and len(sizes) > 10


def _blocks_for(index: Index, tmp_path) -> audit_scan._Blocks:
    cache = ContentCache(tmp_path / "private" / "cache")
    return audit_scan._Blocks(index, cache, audit_scan._ValueSets(index, cache), ("test",))


@pytest.mark.parametrize("seed", range(6))
def test_a_long_text_scanned_in_blocks_gives_a_full_scans_hits(tmp_path, small_blocks, seed):
    """Random texts of many lines from a few words, names among them (and their words across
    line ends, possessives, hyphen breaks, handles), with an allowed phrase made of name words:
    the joined block scans, cold and reused, assemble to a full scan's hits."""
    rng = random.Random(seed)
    index = Index(
        [_value(v) for v in (*OLD, "Wendeline", "Thrushcombe")] + [Value("Bexley", "[Person]", "key", "cap")],
        allow=["Thrushcombe Hall", "Wendeline Quarrington Trust"],
    )
    pool = [*FILLER, "Wendeline", "Quarrington", "Bexley", "bexley", "Thrushcombe", "Hall", "Trust"]
    pool += ["Bexleys'", "Brack-", "water", "ottolinequarrington7", "0a1b2c3d4e", "12", "--"]
    lines = [" ".join(rng.choice(pool) for _ in range(rng.randint(0, 9))) for _ in range(300)]
    text = "\n".join(lines)
    full = [v for _, v in index.assemble(index.scan_raw(text, "", seed % 2 == 1), "")]
    assert full  # the texts do hold names
    for _ in range(2):  # cold, then every block reused
        vocab: set[str] = set()
        written: set[str] = set()
        raw = audit_scan._scan_text(
            index, text, "", seed % 2 == 1, vocab, written, _blocks_for(index, tmp_path)
        )
        assert [v for _, v in index.assemble(raw, "")] == full
        assert written == {w.casefold() for w in audit_scan.WORD_RE.findall(text)}


def test_a_big_markup_file_and_a_zip_member_in_blocks(tmp_path, monkeypatch, small_blocks):
    """A long HTML page (its text units scanned in blocks) and a zip whose text member's lines
    are scanned in blocks: a changed paragraph and a changed member row, the same hits as a
    full scan, and most blocks reused."""
    import io
    import zipfile

    cache = tmp_path / "private" / "cache"
    rows = _table(300)
    paras = [f"<p>{r.split(chr(9))[2]}</p>" for r in rows[1:]]
    paras[50] = "<p>we met Wendeline</p>"
    paras[90] = "<p>and Bexley</p>\n<p>Thrushcombe came</p>"

    def write(res):
        (res / "manuscript").mkdir(parents=True, exist_ok=True)
        (res / "manuscript" / "index.html").write_text("\n".join(paras), encoding="utf-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("sources/a.txt", "\n".join(rows))
            z.writestr("project.xml", "<project>" + "\n".join(paras) + "</project>")
        (res / "coding" / "project.qdpx").write_bytes(buf.getvalue())

    res = _study(tmp_path, rows)
    write(res)
    full = _audit(tmp_path, res, None)
    assert "index.html\tsource\tBexley Thrushcombe" in full  # across a line end, in a block
    assert "member sources/a.txt text across lines\tBrackwater" in full
    assert _audit(tmp_path, res, cache) == full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    reused = len(scanned)
    paras[200] = "<p>the panel met Quarrington</p>"
    rows[250] += " Brackwater"
    _study(tmp_path, rows)
    write(res)
    full = _audit(tmp_path, res, None)
    assert "index.html\tsource\tQuarrington" in full and "member sources/a.txt line 251\tBrackwater" in full
    scanned.clear()
    assert _audit(tmp_path, res, cache) == full
    # a block per changed place in each of the page's units, the member and the table
    assert len(scanned) - reused <= 12 * 8 * 8


def test_an_allowed_phrase_across_a_block_end_is_seen(tmp_path, small_blocks):
    """Every line ends with a name and the next starts with the word that makes it an allowed
    phrase ("Thrushcombe / Hall"): a block's scan alone would list the name at its last line;
    the whole text allows it everywhere but at the very end."""
    index = Index([_value("Thrushcombe")], allow=["Thrushcombe Hall"])
    text = "\n".join(f"Hall {' '.join(FILLER[k % 5 : k % 5 + 4])} Thrushcombe" for k in range(200))
    full = [v for _, v in index.assemble(index.scan_raw(text), "")]
    assert len(full) == 1
    for _ in range(2):
        raw = audit_scan._scan_text(index, text, "", False, set(), set(), _blocks_for(index, tmp_path))
        assert [v for _, v in index.assemble(raw, "")] == full
