"""REFI-QDA exchange: round trip, byte-identical output, character offsets, pyrefiqda interop, bad files.

pyrefiqda (models generated from the REFI-QDA XSDs) is the independent reader/writer. It is not a
pinned dependency, so the tests that call it skip without it; the project it wrote is also kept as
a fixture so the import direction is always tested.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.config import read_yaml
from coprod.errors import ConfigError, InputError
from coprod.refiqda import (
    DEFAULT_EPOCH,
    code_guids,
    guid,
    qdpx_bytes,
    read_qdpx,
    write_qdc,
    write_qdpx,
)

CODEBOOK = read_yaml(ROOT / "config" / "codebook.yaml")
PYREFIQDA_FIXTURE = FIXTURES / "refiqda" / "pyrefiqda_project.qdpx"
P = "{urn:QDA-XML:project:1.0}"

# "ò" is 2 bytes in UTF-8, "😀" is 4 bytes (and 2 UTF-16 units); "\r\n" is 2 characters.
SOURCES = {
    "T02": "Mòrag said the IJB was a woolly word.\r\nAnd 😀 the third sector was left out.",
    "T01": "Tokenism: the decision had already been made.",
    "T03": "No codings in this one.",
}
USERS = ["Rule coder", "Eilidh"]
CODINGS = [
    {"transcript_id": "T02", "start": 0, "end": 5, "code": "woolly_word", "coder": "Eilidh"},
    {"transcript_id": "T02", "start": 0, "end": 5, "code": "tokenism", "coder": "Eilidh"},
    {"transcript_id": "T02", "start": 0, "end": 5, "code": "woolly_word", "coder": "Rule coder"},
    {"transcript_id": "T02", "start": 15, "end": 18, "code": "ijb_structures", "coder": "Rule coder"},
    {"transcript_id": "T02", "start": 45, "end": 75, "code": "third_sector", "coder": "Eilidh"},
    {"transcript_id": "T01", "start": 0, "end": 8, "code": "tokenism", "coder": "Rule coder"},
]


def key(c: dict) -> tuple:
    return (c["transcript_id"], c["start"], c["end"], c["code"], c["coder"])


def write(path: Path, **kw) -> Path:
    args = {
        "sources": SOURCES,
        "codebook": CODEBOOK,
        "codings": CODINGS,
        "users": USERS,
        "project_name": "Co-pro",
    }
    write_qdpx(path, **{**args, **kw})
    return path


def qde(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as zf:
        return ET.fromstring(zf.read("project.qde"))


# ---------------------------------------------------------------------------------------------
# Our writer and reader


def test_round_trip_gives_the_same_sources_selections_codes_and_coders(tmp_path):
    sources, codings = read_qdpx(write(tmp_path / "p.qdpx"))
    assert sources == SOURCES
    assert codings == sorted(CODINGS, key=key)


def test_codebook_themes_are_non_codable_parents_with_definitions_kept(tmp_path):
    root = qde(write(tmp_path / "p.qdpx"))
    themes = root.findall(f"{P}CodeBook/{P}Codes/{P}Code")
    assert [t.get("name") for t in themes] == [t["id"] for t in CODEBOOK["themes"]]
    assert {t.get("isCodable") for t in themes} == {"false"}
    first = CODEBOOK["themes"][0]
    children = themes[0].findall(f"{P}Code")
    assert [c.get("name") for c in children] == [c["id"] for c in first["codes"]]
    assert {c.get("isCodable") for c in children} == {"true"}
    assert children[0].findtext(f"{P}Description") == first["codes"][0]["definition"]


def test_offsets_count_unicode_characters_not_bytes(tmp_path):
    text = SOURCES["T02"]
    start = text.index("the third sector")
    end = start + len("the third sector")
    # after "ò" (2 bytes), "\r\n" (2 characters) and "😀" (4 bytes / 2 UTF-16 units)
    assert (start, end) == (45, 61)
    codings = [
        {"transcript_id": "T02", "start": start, "end": end, "code": "third_sector", "coder": "Eilidh"}
    ]
    path = write(tmp_path / "p.qdpx", codings=codings)
    sel = qde(path).find(f"{P}Sources/{P}TextSource[@name='T02']/{P}PlainTextSelection")
    assert (sel.get("startPosition"), sel.get("endPosition")) == ("45", "61")
    assert text.encode("utf-8").index(b"the third sector") == 49  # the byte offset is not what is written
    with zipfile.ZipFile(path) as zf:
        raw = zf.read(f"sources/{guid('source', 'T02')}.txt")
    assert raw == text.encode("utf-8")  # no BOM, "\r\n" kept
    sources, back = read_qdpx(path)
    assert sources["T02"][back[0]["start"] : back[0]["end"]] == "the third sector"
    assert sources["T02"][0:5] == "Mòrag"


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
    data=st.data(),
)
def test_any_unicode_text_and_span_round_trips(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    codings = [{"transcript_id": "x", "start": start, "end": end, "code": "tokenism", "coder": "c"}]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.qdpx"
        write_qdpx(path, {"x": text}, CODEBOOK, codings, ["c"], "p")
        sources, back = read_qdpx(path)
    assert sources == {"x": text}
    assert back == codings


def test_two_writes_give_identical_bytes_and_fixed_zip_metadata(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = write(tmp_path / "a.qdpx").read_bytes()
    b = write(tmp_path / "b.qdpx", codings=list(reversed(CODINGS)), users=list(reversed(USERS))).read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.qdpx") as zf:
        infos = zf.infolist()
    assert infos[0].filename == "project.qde"
    assert [i.filename for i in infos[1:]] == sorted(f"sources/{guid('source', t)}.txt" for t in SOURCES)
    assert {i.date_time for i in infos} == {(2022, 2, 3, 0, 0, 0)}
    assert qde(tmp_path / "a.qdpx").get("creationDateTime") == "2022-02-03T00:00:00Z"
    assert DEFAULT_EPOCH == 1643846400


def test_source_date_epoch_sets_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = write(tmp_path / "p.qdpx")
    root = qde(path)
    assert root.get("creationDateTime") == "2023-11-14T22:13:20Z"
    assert {e.get("creationDateTime") for e in root.iter(f"{P}Coding")} == {"2023-11-14T22:13:20Z"}
    with zipfile.ZipFile(path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        write(tmp_path / "q.qdpx")


def test_guids_are_stable_names_not_random():
    assert guid("code", "tokenism") == code_guids(CODEBOOK)["tokenism"]
    assert guid("code", "tokenism") == "f2478134-edd6-5823-a235-92b70e1e9937"
    assert guid("selection", "a", 1, 2, "c") != guid("selection", "a", 12, "", "c")


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"code": "meaning"}, "'meaning' is not a codable code id"),  # a theme
        ({"code": "nope"}, "'nope' is not a codable code id"),
        ({"coder": "Stranger"}, "coder 'Stranger' is not in `users`"),
        ({"transcript_id": "T99"}, "unknown transcript 'T99'"),
        ({"end": 999}, "0 <= start < end <= 45"),
        ({"start": 8}, "0 <= start < end <= 45"),
        ({"start": "0"}, "offsets must be integers"),
    ],
)
def test_bad_codings_fail_with_one_line(tmp_path, bad, message):
    coding = {**CODINGS[-1], **bad}
    with pytest.raises(InputError) as err:
        write(tmp_path / "p.qdpx", codings=[coding])
    assert message in str(err.value)
    assert "\n" not in str(err.value) and str(tmp_path / "p.qdpx") in str(err.value)
    assert not (tmp_path / "p.qdpx").exists()


def test_invalid_codebook_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="themes"):
        write(tmp_path / "p.qdpx", codebook={"themes": []})


def test_duplicate_coding_is_rejected(tmp_path):
    with pytest.raises(InputError, match="duplicate coding"):
        write(tmp_path / "p.qdpx", codings=[CODINGS[0], dict(CODINGS[0])])


# ---------------------------------------------------------------------------------------------
# Bad files on import: one line naming the file and what is wrong


def one_line(err: pytest.ExceptionInfo, path: Path, text: str) -> None:
    msg = str(err.value)
    assert "\n" not in msg and str(path) in msg and text in msg, msg


def test_corrupt_zip(tmp_path):
    good = write(tmp_path / "p.qdpx").read_bytes()
    for name, data in {"garbage.qdpx": b"not a zip at all", "truncated.qdpx": good[: len(good) // 2]}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError) as err:
            read_qdpx(tmp_path / name)
        one_line(err, tmp_path / name, "not a zip archive")


def test_corrupt_member(tmp_path):
    data = bytearray(write(tmp_path / "p.qdpx").read_bytes())
    data[60:80] = b"\x00" * 20  # inside project.qde's compressed data: zip directory intact, CRC fails
    (tmp_path / "bad.qdpx").write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        read_qdpx(tmp_path / "bad.qdpx")
    one_line(err, tmp_path / "bad.qdpx", "project.qde")


def test_missing_project_qde(tmp_path):
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("sources/a.txt", "text")
    with pytest.raises(InputError) as err:
        read_qdpx(path)
    one_line(err, path, "no project.qde in the archive")


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        read_qdpx(tmp_path / "none.qdpx")
    one_line(err, tmp_path / "none.qdpx", "file not found")


def zip_with(path: Path, qde: str, files: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return path


G = "00000000-0000-0000-0000-00000000000"  # + one hex digit


@pytest.mark.parametrize(
    "body, files, message",
    [
        ("<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Users>", {}, "XML syntax error at line 1"),
        ("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>", {}, "not a REFI-QDA Project"),
        (
            f"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources><TextSource guid='{G}1' name='a' "
            f"plainTextPath='internal://{G}1.txt'/></Sources></Project>",
            {},
            f"internal://{G}1.txt is missing from the archive",
        ),
        (
            f"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources><TextSource guid='{G}1' name='a' "
            f"plainTextPath='internal://{G}1.txt'><PlainTextSelection guid='{G}2' startPosition='2' "
            f"endPosition='9'/></TextSource></Sources></Project>",
            {f"sources/{G}1.txt": b"short"},
            "2-9 is outside the text (5 characters)",
        ),
        (
            f"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources><TextSource guid='{G}1' name='a' "
            f"plainTextPath='internal://{G}1.txt'><PlainTextSelection guid='{G}2' startPosition='0' "
            f"endPosition='2'><Coding guid='{G}3'><CodeRef targetGUID='{G}4'/></Coding></PlainTextSelection>"
            f"</TextSource></Sources></Project>",
            {f"sources/{G}1.txt": b"short"},
            f"CodeRef {G}4 is not in the codebook",
        ),
        (
            f"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources><TextSource guid='{G}1' name='a' "
            f"plainTextPath='relative:///a.txt'/></Sources></Project>",
            {},
            "is outside the archive",
        ),
        (
            f"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources><TextSource guid='{G}1' name='a' "
            f"plainTextPath='internal://{G}1.txt'/></Sources></Project>",
            {f"sources/{G}1.txt": "Mòrag".encode("latin-1")},
            "plain text is not UTF-8",
        ),
    ],
)
def test_bad_project_contents(tmp_path, body, files, message):
    path = zip_with(tmp_path / "p.qdpx", body, files)
    with pytest.raises(InputError) as err:
        read_qdpx(path)
    one_line(err, path, message)


def test_reads_capital_sources_folder_bom_other_qde_name_and_source_level_coding(tmp_path):
    """What other exporters do: "Sources/", a BOM (QualCoder), <name>.qde (ATLAS.ti), whole-source codings."""
    body = (
        f"<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Users><User guid='{G}9' name='Ana'/></Users>"
        f"<CodeBook><Codes><Code guid='{G}4' name='tokenism' isCodable='true'/></Codes></CodeBook>"
        f"<Sources><TextSource guid='{G}1' name='a' plainTextPath='internal://{G}1.txt' creatingUser='{G}9'>"
        f"<PlainTextSelection guid='{G}2' startPosition='0' endPosition='5' creatingUser='{G}9'>"
        f"<Coding guid='{G}3'><CodeRef targetGUID='{G}4'/></Coding></PlainTextSelection>"
        f"<Coding guid='{G}5'><CodeRef targetGUID='{G}4'/></Coding></TextSource></Sources></Project>"
    )
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("My project.qde", body)
        zf.writestr(f"Sources/{G}1.txt", "\ufeffMòrag spoke.".encode())
    assert read_qdpx(path) == (
        {"a": "Mòrag spoke."},
        [
            {"transcript_id": "a", "start": 0, "end": 5, "code": "tokenism", "coder": "Ana"},
            {"transcript_id": "a", "start": 0, "end": 12, "code": "tokenism", "coder": "Ana"},
        ],
    )


# ---------------------------------------------------------------------------------------------
# pyrefiqda: an independent implementation of the standard


def build_pyrefiqda_project(path: Path, work: Path) -> None:
    """A small project written with pyrefiqda's models and RefiProject.save (regenerates the fixture)."""
    from pyrefiqda import RefiProject
    from pyrefiqda.models import (
        CodeRefType,
        CodingType,
        PlainTextSelectionType,
        Project,
        ProjectCodeBookType,
        ProjectCodesType,
        ProjectCodeType,
        SourcesType,
        TextSourceType,
        UsersType,
        UserType,
    )

    u1, u2 = "6f1a0c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f", "{A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D}"
    theme, woolly, token = (
        "0b8e2f4a-7c1d-4e3f-9a2b-5c6d7e8f9a0b",
        "1c9f3a5b-8d2e-4f4a-8b3c-6d7e8f9a0b1c",
        "2d0a4b6c-9e3f-4a5b-9c4d-7e8f9a0b1c2d",
    )
    s1, s2 = "3e1b5c7d-0f4a-4b6c-8d5e-8f9a0b1c2d3e", "4f2c6d8e-1a5b-4c7d-9e6f-9a0b1c2d3e4f"
    (work / "sources").mkdir(parents=True, exist_ok=True)
    (work / "sources" / f"{s1}.txt").write_bytes("Mòrag: it's tokenistic, a woolly word.".encode())
    (work / "sources" / f"{s2}.txt").write_bytes(b"Plain ASCII.\nSecond line.")

    def selection(g: str, start: int, end: int, user: str, codes: list[tuple[str, str, str | None]]):
        codings = [
            CodingType(guid=cg, creating_user=cu, code_ref=CodeRefType(target_guid=c)) for cg, c, cu in codes
        ]
        return PlainTextSelectionType(
            guid=g, start_position=start, end_position=end, creating_user=user, coding=codings
        )

    project = Project(
        name="Written by pyrefiqda",
        users=UsersType(user=[UserType(guid=u1, name="Mòrag Coder"), UserType(guid=u2, name="Second")]),
        code_book=ProjectCodeBookType(
            codes=ProjectCodesType(
                code=[
                    ProjectCodeType(
                        guid=theme,
                        name="meaning",
                        is_codable=False,
                        code=[
                            ProjectCodeType(
                                guid=woolly, name="woolly_word", is_codable=True, color="#0072B2"
                            ),
                            ProjectCodeType(guid=token, name="tokenism", is_codable=True),
                        ],
                    )
                ]
            )
        ),
        sources=SourcesType(
            text_source=[
                TextSourceType(
                    guid=s1,
                    name="T10",
                    plain_text_path=f"internal://{s1}.txt",
                    plain_text_selection=[
                        # "Mòrag: it's " is 12 characters (13 bytes)
                        selection(f"{s1[:-4]}0001", 12, 22, u1, [(f"{s1[:-4]}1001", token, u1)]),
                        selection(
                            f"{s1[:-4]}0002",
                            26,
                            38,
                            u2,
                            [(f"{s1[:-4]}1002", woolly, None), (f"{s1[:-4]}1003", token, u1)],
                        ),
                    ],
                ),
                TextSourceType(
                    guid=s2,
                    name="T11",
                    plain_text_path=f"internal://{s2}.txt",
                    plain_text_selection=[
                        selection(f"{s2[:-4]}0001", 13, 19, u2, [(f"{s2[:-4]}1001", woolly, u2)])
                    ],
                ),
            ]
        ),
    )
    RefiProject.save(project, path, source_media_dir=work / "sources")


PYREFIQDA_CODINGS = [
    {"transcript_id": "T10", "start": 12, "end": 22, "code": "tokenism", "coder": "Mòrag Coder"},
    {"transcript_id": "T10", "start": 26, "end": 38, "code": "tokenism", "coder": "Mòrag Coder"},
    {"transcript_id": "T10", "start": 26, "end": 38, "code": "woolly_word", "coder": "Second"},
    {"transcript_id": "T11", "start": 13, "end": 19, "code": "woolly_word", "coder": "Second"},
]


def check_pyrefiqda_import(path: Path) -> None:
    sources, codings = read_qdpx(path)
    assert sources == {"T10": "Mòrag: it's tokenistic, a woolly word.", "T11": "Plain ASCII.\nSecond line."}
    assert codings == PYREFIQDA_CODINGS
    assert [sources[c["transcript_id"]][c["start"] : c["end"]] for c in codings] == [
        "tokenistic",
        "woolly word.",
        "woolly word.",
        "Second",
    ]


def test_project_written_by_pyrefiqda_fixture_imports():
    check_pyrefiqda_import(PYREFIQDA_FIXTURE)


def test_project_written_by_pyrefiqda_now_imports(tmp_path):
    pytest.importorskip("pyrefiqda")
    build_pyrefiqda_project(tmp_path / "py.qdpx", tmp_path / "work")
    check_pyrefiqda_import(tmp_path / "py.qdpx")


def canonical(xml: str | bytes) -> str:
    return ET.canonicalize(xml_data=xml.decode() if isinstance(xml, bytes) else xml, strip_text=True)


def test_pyrefiqda_reads_our_project_with_the_same_users_codes_and_selections(tmp_path):
    pytest.importorskip("pyrefiqda")
    from pyrefiqda import RefiProject
    from xsdata_pydantic.bindings import XmlSerializer

    path = write(tmp_path / "p.qdpx")
    project = RefiProject.load(path, extract_dir=str(tmp_path / "extracted"))
    users = {u.guid: u.name for u in project.users.user}
    assert sorted(users.values()) == sorted(USERS)
    themes = project.code_book.codes.code
    assert [(t.name, t.is_codable) for t in themes] == [(t["id"], False) for t in CODEBOOK["themes"]]
    codes = {c.guid: c for t in themes for c in t.code}
    assert {c.name for c in codes.values()} == {c["id"] for t in CODEBOOK["themes"] for c in t["codes"]}
    assert all(c.is_codable and c.description for c in codes.values())

    seen, texts = [], {}
    for src in project.sources.text_source:
        # pyrefiqda's helper resolves internal:// into the extracted sources/ folder
        file = RefiProject.resolve_source_path(src.plain_text_path, tmp_path / "extracted")
        texts[src.name] = file.read_bytes().decode("utf-8")  # bytes: read_text() would turn "\r\n" into "\n"
        for sel in src.plain_text_selection:
            for coding in sel.coding:
                coder = users[coding.creating_user]
                assert users[sel.creating_user] == coder
                code = codes[coding.code_ref.target_guid].name
                seen.append((src.name, sel.start_position, sel.end_position, code, coder))
    assert texts == SOURCES
    assert sorted(seen) == sorted(key(c) for c in CODINGS)

    # Re-serialised from pyrefiqda's XSD-generated models, the XML is the same (canonical form):
    # nothing unknown, nothing dropped, elements in schema order.
    again = XmlSerializer().render(project, ns_map={None: "urn:QDA-XML:project:1.0"})
    with zipfile.ZipFile(path) as zf:
        assert canonical(again) == canonical(zf.read("project.qde"))


def test_pyrefiqda_parses_our_codebook(tmp_path):
    pytest.importorskip("pyrefiqda")
    from pyrefiqda import RefiCodebook
    from xsdata_pydantic.bindings import XmlSerializer

    path = tmp_path / "codebook.qdc"
    write_qdc(path, CODEBOOK)
    book = RefiCodebook.load(path)
    got = [
        (t.name, t.is_codable, [(c.name, c.is_codable, c.description) for c in t.code])
        for t in book.codes.code
    ]
    want = [
        (t["id"], False, [(c["id"], True, c["definition"]) for c in t["codes"]]) for t in CODEBOOK["themes"]
    ]
    assert got == want
    again = XmlSerializer().render(book, ns_map={None: "urn:QDA-XML:codebook:1.0"})
    assert canonical(again) == canonical(path.read_bytes())
    # the same GUIDs as in the project, so a codebook imported first matches the project's codes
    assert {c.name: c.guid for t in book.codes.code for c in t.code} == code_guids(CODEBOOK)


def test_qdc_is_deterministic(tmp_path):
    write_qdc(tmp_path / "a.qdc", CODEBOOK)
    write_qdc(tmp_path / "b.qdc", CODEBOOK)
    assert (tmp_path / "a.qdc").read_bytes() == (tmp_path / "b.qdc").read_bytes()
    assert (tmp_path / "a.qdc").read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook ')


def test_qdpx_bytes_matches_file(tmp_path):
    args = (SOURCES, CODEBOOK, CODINGS, USERS, "Co-pro")
    assert write(tmp_path / "p.qdpx").read_bytes() == qdpx_bytes(*args, where=str(tmp_path / "p.qdpx"))
