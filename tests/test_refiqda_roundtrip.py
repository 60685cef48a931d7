"""The REFI-QDA round trip: the project the pipeline exports is coded in another tool (projects
written by the independent writer pyrefiqda, and a project shaped like QualCoder's export) and
imported back onto participant turns — any number of coders, codes matched by GUID, id or name,
unknown codes and unmapped selections listed one line each, an edited source refused by name."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from coprod.config import read_yaml
from coprod.errors import InputError
from coprod.human import load_qdpx_codings, participant_turns
from coprod.refiqda import covers, guid, import_codings, write_qdpx
from coprod.reliability import reliability_table

CODEBOOK = read_yaml(ROOT / "config" / "codebook.yaml")
CODES = [(c["id"], c["label"]) for t in CODEBOOK["themes"] for c in t["codes"]]
WORDS = "we talked about the plan and what the board would do next with the money and the people".split()


def corpus(seed: int = 0) -> tuple[list[dict], dict[str, str]]:
    """Synthetic de-identified documents (interviewer / participant turns, some very short) and
    their `<id>.txt` as the pipeline renders them ("Speaker: text", a blank line between turns)."""
    rng = np.random.default_rng(seed)
    docs, texts = [], {}
    for t in range(3):
        turns = []
        for order in range(1, 13):
            role = "interviewer" if order % 2 else "participant"
            n = 2 if order == 4 else int(rng.integers(12, 40))  # turn 4: too short to be a segment
            words = " ".join(rng.choice(WORDS, n))
            turns.append(
                {
                    "speaker": "I" if role == "interviewer" else "P",
                    "role": role,
                    "text": words,
                    "order": order,
                }
            )
        doc = {"id": f"t{t + 1:02d}", "turns": turns}
        docs.append(doc)
        texts[doc["id"]] = "".join(f"{x['speaker']}: {x['text']}\n\n" for x in turns)
    return docs, texts


def export(tmp_path: Path, texts: dict[str, str]) -> Path:
    """The project as the pipeline exports it (with its own rule-coder user and codings)."""
    path = tmp_path / "project.qdpx"
    units = participant_turns(corpus()[0])
    rules = [
        {"transcript_id": "t01", "start": a, "end": b, "code": CODES[0][0], "coder": "rules"}
        for a, b, _ in units["t01"][:2]
    ]
    write_qdpx(path, texts, CODEBOOK, rules, ["rules"], "study", epoch=0)
    return path


def team_codings(n_coders: int, units: dict, seed: int) -> tuple[list[dict], set[tuple[str, int, str, str]]]:
    """Each coder codes random participant turns; selections are the whole turn, a part of it, or
    a part of it that spills 3 characters into the following interviewer turn. Returns selections
    (with user names) and the expected (transcript, turn, coder label, code) set."""
    rng = np.random.default_rng(seed)
    names = [f"Person Name {i}" for i in range(n_coders)]  # user names: identifiers
    label = {n: f"coder_{i + 1}" for i, n in enumerate(sorted(names, key=str.casefold))}
    sel, expected = [], set()
    for name in names:
        for tid, spans in units.items():
            for a, b, turn in spans:
                for cid, _ in CODES[:6]:
                    if rng.random() > 0.25:
                        continue
                    kind = rng.integers(3) if turn != spans[-1][2] else 0  # no spill past the end
                    start, end = (
                        (a, b)
                        if kind == 0
                        else (a + 2, a + max(3, (b - a) // 2))
                        if kind == 1
                        else (a + (b - a) // 3, b + 3)
                    )
                    sel.append({"tid": tid, "start": int(start), "end": int(end), "code": cid, "user": name})
                    expected.add((tid, turn, label[name], cid))
    return sel, expected


def pyrefiqda_project(
    path: Path, texts: dict[str, str], selections: list[dict], work: Path, extra_code: str = ""
) -> None:
    """Write a coded project with pyrefiqda: the exported sources (same GUIDs, same text), users
    with the tool's own GUIDs, half the codes with the export's GUIDs and half re-created by name."""
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

    ids = sorted({s["code"] for s in selections} | ({extra_code} if extra_code else set()))
    code_guid = {c: guid("code", c) if i % 2 else str(uuid.uuid4()) for i, c in enumerate(ids)}
    users = {u: str(uuid.uuid4()) for u in sorted({s["user"] for s in selections})}
    (work / "sources").mkdir(parents=True, exist_ok=True)
    srcs = []
    for tid, text in sorted(texts.items()):
        g = guid("source", tid)
        (work / "sources" / f"{g}.txt").write_bytes(text.encode())
        mine = [s for s in selections if s["tid"] == tid]
        srcs.append(
            TextSourceType(
                guid=g,
                name=tid,
                plain_text_path=f"internal://{g}.txt",
                plain_text_selection=[
                    PlainTextSelectionType(
                        guid=str(uuid.uuid4()),
                        start_position=s["start"],
                        end_position=s["end"],
                        creating_user=users[s["user"]],
                        coding=[
                            CodingType(
                                guid=str(uuid.uuid4()),
                                creating_user=users[s["user"]],
                                code_ref=CodeRefType(target_guid=code_guid[s["code"]]),
                            )
                        ],
                    )
                    for s in mine
                ],
            )
        )
    project = Project(
        name="coded",
        users=UsersType(user=[UserType(guid=g, name=n) for n, g in users.items()]),
        code_book=ProjectCodeBookType(
            codes=ProjectCodesType(
                code=[ProjectCodeType(guid=code_guid[c], name=c, is_codable=True) for c in ids]
            )
        ),
        sources=SourcesType(text_source=srcs),
    )
    RefiProject.save(project, path, source_media_dir=work / "sources")


def test_the_selection_rule():
    assert covers(10, 20, 0, 100, 40)  # inside: half of the selection
    assert not covers(95, 200, 0, 100, 40)  # 5 characters spilled into the unit
    assert covers(60, 200, 0, 100, 40)  # 40 characters of the unit
    assert covers(0, 300, 100, 110, 40)  # all of a short unit
    assert not covers(0, 100, 100, 200, 1)  # touching is not overlapping


@pytest.mark.parametrize("n_coders", [2, 10])
def test_a_project_coded_with_pyrefiqda_comes_back_on_the_right_turns(tmp_path, n_coders):
    pytest.importorskip("pyrefiqda")
    docs, texts = corpus()
    units = participant_turns(docs)
    export(tmp_path, texts)
    selections, expected = team_codings(n_coders, units, seed=n_coders)
    path = tmp_path / "coded.qdpx"
    pyrefiqda_project(path, texts, selections, tmp_path / "work", extra_code="a_new_code")
    rows, notes = load_qdpx_codings([str(path)], docs, texts, CODES, 40)
    got = set(rows.itertuples(index=False, name=None))
    assert got == expected
    assert sorted(set(rows.coder)) == sorted(f"coder_{i + 1}" for i in range(n_coders))
    assert notes == []  # the extra code is in the codebook but nobody applied it
    # the short turn 4 (the participant's 2nd) is a unit too
    assert any(turn == 2 for _, turn, _, _ in got)
    # reliability from the imported codings equals reliability from the expected ones
    sample = pd.DataFrame(
        [(t, i) for t, spans in units.items() for _, _, i in spans], columns=["transcript_id", "turn_index"]
    )
    ids = [c for c, _ in CODES]
    want = pd.DataFrame(sorted(expected), columns=["transcript_id", "turn_index", "coder", "code"])
    assert reliability_table(rows, sample, ids).equals(reliability_table(want, sample, ids))


def test_unknown_codes_are_listed_one_line_each_and_names_never_leave(tmp_path):
    pytest.importorskip("pyrefiqda")
    docs, texts = corpus()
    units = participant_turns(docs)
    a, b, _ = units["t02"][0]
    sels = [
        {"tid": "t02", "start": a, "end": b, "code": "budget_talk", "user": "Real Person"},
        {"tid": "t02", "start": a, "end": b, "code": "budget_talk", "user": "Other Person"},
        {"tid": "t02", "start": a, "end": b, "code": "Tokenism", "user": "Real Person"},  # by label
        {"tid": "t01", "start": 0, "end": 2, "code": CODES[0][0], "user": "Other Person"},  # speaker label
    ]
    path = tmp_path / "coded.qdpx"
    pyrefiqda_project(path, texts, sels, tmp_path / "work")
    rows, notes = load_qdpx_codings([str(path)], docs, texts, CODES, 40)
    tokenism = [c for c, label in CODES if label.casefold() == "tokenism"]
    assert set(rows.itertuples(index=False, name=None)) == {("t02", 1, "coder_2", tokenism[0])}
    assert len(notes) == 2
    assert any("code 'budget_talk' (2 codings by 2 coders) is not in the codebook" in n for n in notes)
    assert any("coder_1's coding of" in n and "covers no participant turn" in n for n in notes)
    assert not any("Person" in n for n in notes + list(rows.coder))


def test_an_edited_source_is_refused_naming_it(tmp_path):
    pytest.importorskip("pyrefiqda")
    docs, texts = corpus()
    edited = dict(texts, t03=texts["t03"].replace("P: ", "P: [edited] ", 1))
    path = tmp_path / "coded.qdpx"
    pyrefiqda_project(path, edited, [], tmp_path / "work")
    with pytest.raises(InputError, match=r"source 't03' differs from the de-identified text"):
        load_qdpx_codings([str(path)], docs, texts, CODES, 40)


def test_users_the_pipeline_wrote_are_not_coders(tmp_path):
    """The exported project's own user ('rules') comes back with the coded project: skipped."""
    docs, texts = corpus()
    rows, notes, names = import_codings(export(tmp_path, texts), texts, participant_turns(docs), CODES)
    assert rows == [] and notes == [] and names == {}


# ------------------------------------------------------------------ a project shaped like QualCoder's


def qualcoder_project(path: Path, texts: dict[str, str], units: dict) -> set:
    """A .qdpx written the way QualCoder's exporter writes one (REFI-QDA Project 1.0): fresh GUIDs
    for sources, selections and codings, the selected text as the selection's name, a BOM at the
    start of each source file, upper-case GUIDs; overlapping selections by two users and one
    selection across two participant turns.
    Returns the expected (transcript, turn, coder, code)."""
    u1, u2 = "7A3C1E2B-0000-4000-8000-00000000000A", "7A3C1E2B-0000-4000-8000-00000000000B"
    code_a, code_b = CODES[1][0], CODES[2][0]
    (a1, b1, i1), (a2, _, i2) = units["t01"][0], units["t01"][1]
    sels = [
        (a1, b1, u1, code_a),  # whole turn
        (a1 + 3, a1 + 20, u2, code_a),  # overlaps the first, other user
        (a1 + 5, b1 - 2, u2, code_b),  # overlaps both
        (a1 + (b1 - a1) // 3, a2 + 45, u1, code_b),  # 2/3 of turn 1, the interviewer turn, 45 chars of turn 2
    ]
    expected = {
        ("t01", i1, "coder_1", code_a),
        ("t01", i1, "coder_2", code_a),
        ("t01", i1, "coder_2", code_b),
        ("t01", i1, "coder_1", code_b),
        ("t01", i2, "coder_1", code_b),
    }
    g = "0C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F"  # QualCoder gives sources GUIDs of its own: matched by name
    sel_xml = "".join(
        f'<PlainTextSelection guid="{str(uuid.UUID(int=k + 1)).upper()}" name="{escape(texts["t01"][s:e])}" '
        f'startPosition="{s}" '
        f'endPosition="{e}" creatingUser="{u}" creationDateTime="2024-01-01T10:00:00Z">'
        f'<Coding guid="{str(uuid.UUID(int=k + 100)).upper()}" creatingUser="{u}" '
        'creationDateTime="2024-01-01T10:00:00Z">'
        f'<CodeRef targetGUID="{guid("code", c).upper()}"/></Coding></PlainTextSelection>'
        for k, (s, e, u, c) in enumerate(sels)
    )
    codes_xml = "".join(
        f'<Code guid="{guid("code", c).upper()}" name="{c}" isCodable="true" color="#aa00ff"/>'
        for c, _ in CODES
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'name="coded.qda" origin="QualCoder-3.5" creatingUserGUID="' + u1 + '" '
        'creationDateTime="2024-01-01T10:00:00Z">'
        f'<Users><User guid="{u1}" name="first.user"/><User guid="{u2}" name="second.user"/></Users>'
        f"<CodeBook><Codes>{codes_xml}</Codes></CodeBook>"
        f'<Sources><TextSource guid="{g}" name="t01" plainTextPath="internal://{g}.txt" creatingUser="{u1}" '
        f'creationDateTime="2024-01-01T10:00:00Z">{sel_xml}</TextSource></Sources>'
        "</Project>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr(f"sources/{g}.txt", "\ufeff" + texts["t01"])
    return expected


def test_a_project_shaped_like_qualcoders_export_imports(tmp_path):
    docs, texts = corpus()
    units = participant_turns(docs)
    expected = qualcoder_project(tmp_path / "qc.qdpx", {"t01": texts["t01"]}, units)
    rows, notes = load_qdpx_codings([str(tmp_path / "qc.qdpx")], docs, texts, CODES, 40)
    assert set(rows.itertuples(index=False, name=None)) == expected and notes == []
