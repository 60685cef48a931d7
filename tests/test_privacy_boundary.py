"""Contracts of the privacy boundary's pieces (issue 11): the normaliser, register matching on
the folded view, the participants-sheet check, strict YAML, opaque ids, quotes as data, mixed
encodings and the audit's readers. The hostile end-to-end cases are in test_adversarial.py."""

from __future__ import annotations

import re
import zipfile

import pytest

from coprod.errors import InputError, LeakError
from coprod.ingest import decode
from coprod.manuscript import escape_md
from coprod.privacy.audit import audit_tree
from coprod.privacy.deidentify import Detector, deidentify_files
from coprod.privacy.key import PseudonymKey
from coprod.privacy.normalise import fold_word, hyphen_joins, skeleton, tidy, view
from coprod.privacy.register import Entity, load_register
from coprod.privacy.sheet import check_descriptors
from coprod.segment import read_participants


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Sio\u0302n", "sion"),  # NFD
        ("Mo\u200brag", "morag"),  # zero-width space
        ("Drys\u00addale", "drysdale"),  # soft hyphen
        ("Ｍｏｒａｇ", "morag"),  # fullwidth
        ("M\u043erag", "morag"),  # Cyrillic o
        ("𝐌𝐨𝐫𝐚𝐠", "morag"),  # mathematical bold
        ("Ùna", "una"),
        ("Małgorzata", "malgorzata"),
        ("O’Neill", "o'neill"),
        ("Morag_Drysdale", "morag drysdale"),
    ],
)
def test_fold_word_reaches_one_form(raw, folded):
    assert fold_word(raw) == folded


def test_view_keeps_offsets_and_tidy_is_what_gets_published():
    text = tidy("Dr Sio\u0302n Ｍｏｒａｇ said \u200bhi")
    assert text == "Dr Siôn Ｍｏｒａｇ said hi"
    assert len(view(text)) == len(text) and view(text) == "Dr Sion Morag said hi"
    assert hyphen_joins(skeleton("the Drys-\n  dale report")) == ["Drysdale Drys-dale"]


def _detector(entities):
    return Detector(entities, common_words={"hope", "the"})


def test_register_forms_match_any_case_and_spelling_but_not_common_words():
    det = _detector([Entity("PERSON", "Morag Drysdale"), Entity("PERSON", "Hope Strachan")])
    text = tidy("morag was there; MORAG too; Mo\u200brag; the Drysdales’ house; I hope so; Hope said")
    spans = det.find(text)
    found = [text[s.start : s.end] for s in spans if s.detector == "register"]
    assert found == ["morag", "MORAG", "Morag", "Drysdales", "Hope"]


def test_acronym_alias_only_in_capitals_and_handles_with_a_name_inside():
    det = _detector([Entity("ORG", "Anytown Care Exchange", ("ACE",)), Entity("PERSON", "Morag Drysdale")])
    text = "an ace view; the ACE view; login mdrysdale01"
    found = [text[s.start : s.end] for s in det.find(text) if s.detector == "register"]
    assert found == ["ACE", "mdrysdale01"]


def test_organisation_named_by_its_distinctive_word():
    det = _detector([Entity("ORG", "Rowett Research Institute"), Entity("ORG", "Dundee HSCP")])
    text = "ROWETT sent it; the rowett research institute; the HSCP board"
    found = [text[s.start : s.end] for s in det.find(text) if s.detector == "register"]
    assert found == ["ROWETT", "rowett research institute"]  # "HSCP" alone names no one body


def test_sheet_refuses_formulas_unsafe_characters_and_identifiers(tmp_path):
    head = "transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category\n"
    sheet = tmp_path / "p.tsv"
    for row, message in [
        ("t01\tP01\ta.txt\t=HYPERLINK(1)\tlocal\tlead\n", "column site_id starts with '='"),
        ("t01\tP01\ta.txt\tsite_a\t@SUM(A1)\tlead\n", "column group starts with '@'"),
        ("t01\tP01\ta.txt\tsite<b>\tlocal\tlead\n", "outside the safe set"),
        ("Morag_1\tP01\ta.txt\tsite_a\tlocal\tlead\n", "register"),
        ("t01\tP01\ta.txt\tKirkcaldy\tlocal\tlead\n", "real place"),
    ]:
        sheet.write_text(head + row)
        register = tmp_path / "r.yaml"
        register.write_text('people: [{name: "Morag Drysdale"}]\n')
        with pytest.raises(InputError, match=message.replace("(", r"\(")):
            check_descriptors(read_participants(sheet), sheet, register)
    sheet.write_text(head + "t01\tP01\tMorag_Drysdale.txt\tsite_a\tlocal\tsenior planning officer\n")
    check_descriptors(read_participants(sheet), sheet, register)  # the file column stays private


def test_sheet_without_transcript_ids_gets_opaque_ones(tmp_path):
    sheet = tmp_path / "p.tsv"
    sheet.write_text("participant_id\tfile\tsite_id\tgroup\trole_category\nP1\tJo Bloggs.txt\ts\tlocal\tx\n")
    assert list(read_participants(sheet).transcript_id) == ["t001"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("people:\n  - {name: Ann Bell}\npeople:\n  - {name: Bob Roy}\n", "duplicate key 'people'"),
        ("people:\n  - {name: Ann Bell, name: X Y}\n", "duplicate key 'name'"),
        ('people:\n  - {name: "  A  "}\n', "fewer than 2 letters"),
        ("a: &a [1, 1]\n" + "".join(f"b{i}: [*a, *a]\n" for i in range(12)), "alias bomb"),
    ],
)
def test_register_yaml_is_strict(tmp_path, text, message):
    path = tmp_path / "r.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_register(path)


def test_cli_outputs_opaque_ids_and_never_writes_beside_its_inputs(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    src = raw / "Morag_Drysdale.txt"
    src.write_text("Interviewer: Hello.\n\nRespondent: I am Morag Drysdale.\n")
    before = src.read_bytes()
    with pytest.raises(InputError, match="holds input transcripts"):
        deidentify_files([src], None, tmp_path / "k.json", raw, json_out=False)
    review = tmp_path / "review.tsv"
    deidentify_files([src], None, tmp_path / "k.json", tmp_path / "out", review_path=review, json_out=False)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["t001.txt"]
    assert src.read_bytes() == before
    assert "file_name" in review.read_text()  # the private log says the file name names someone


def test_quotes_are_data_not_markup():
    import pypandoc

    from coprod.render import SHORTCODE_RE

    said = "see {{< include /etc/passwd >}} <img src=x onerror=alert(1)> [x](javascript:a) @fig-1 $x$"
    escaped = escape_md(said)
    assert not SHORTCODE_RE.search(escaped)  # the fallback (and Quarto) see no shortcode
    html = pypandoc.convert_text(escaped, "html", format="markdown", extra_args=["--wrap=none"])
    assert "<img" not in html and "href" not in html and "math" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "{{&lt; include /etc/passwd &gt;}}" in html


def test_one_stray_byte_does_not_turn_a_utf8_file_into_mojibake():
    data = "Siân said \u00ff and Ùna".encode().replace(b"\xc3\xbf", b"\xff")
    text, enc = decode(data, "x.txt")
    assert text == "Siân said ÿ and Ùna" and enc == "utf-8+cp1252"


def test_audit_reads_names_nested_folders_and_unreadable_files(tmp_path):
    key = PseudonymKey()
    key.pseudonym("PERSON", "Morag Drysdale")
    key.save(tmp_path / "k.json")
    results = tmp_path / "results"
    (results / "old" / "deidentified").mkdir(parents=True)
    (results / "ok.txt").write_text("[Person 1] said so\n")
    audit_tree(results, tmp_path / "k.json", None, None, tmp_path / "audit.tsv")
    (tmp_path / "audit.tsv").unlink()
    for name, data in [
        ("old/deidentified/t01.txt", b"morag was there"),
        ("Morag_Drysdale.tsv", b"x"),
        ("t.html", b"<p>Mor&#97;g <b>Drys</b>dale</p>"),
        ("f.png", b"not a png, a transcript"),
        ("d.json", b'{"t": "\\u004dorag"}'),
    ]:
        (results / name).write_bytes(data)
        with pytest.raises(LeakError):
            audit_tree(
                results, tmp_path / "k.json", None, None, tmp_path / "audit.tsv", hits_path=tmp_path / "h.tsv"
            )
        assert not (tmp_path / "audit.tsv").exists()  # no shareable summary of a failed audit
        (results / name).unlink()


def test_allowing_a_term_releases_it_in_the_audit(tmp_path):
    key = PseudonymKey()
    key.pseudonym("ORG", "Databricks")
    key.save(tmp_path / "k.json")
    results = tmp_path / "results"
    results.mkdir()
    (results / "a.txt").write_text("we ran it on databricks\n")
    with pytest.raises(LeakError):
        audit_tree(results, tmp_path / "k.json", None, None, tmp_path / "audit.tsv")
    audit_tree(results, tmp_path / "k.json", None, None, tmp_path / "audit.tsv", allow=["DataBricks"])


def test_shared_first_name_goes_to_the_person_the_transcript_is_about(tmp_path):
    """Issue 17: "Caitlin" in Caitlin Drysdale's own transcript is hers, not Caitlin Adamson's."""
    register = tmp_path / "r.yaml"
    register.write_text(
        "people:\n"
        '  - {name: "Caitlin Adamson", role: participant, participant_id: P1}\n'
        '  - {name: "Caitlin Drysdale", role: participant, participant_id: P2}\n'
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    texts = {
        "a.txt": "Interviewer: Thanks, Caitlin.\n\nRespondent: Caitlin here, I run the forum.\n",
        "b.txt": "Interviewer: Thanks, Caitlin.\n\nRespondent: Aye, Caitlin's the name.\n",
        "c.txt": "Interviewer: Who chaired?\n\nRespondent: Caitlin did, and Caitlin Drysdale took notes.\n",
        "d.txt": "Interviewer: Who chaired?\n\nRespondent: Caitlin, I think.\n",
    }
    for name, text in texts.items():
        (raw / name).write_text(text)
    from coprod.ingest import read_transcript
    from coprod.privacy.key import PseudonymKey

    transcripts = [read_transcript(raw / n, ["Interviewer"], f"t{k}") for k, n in enumerate(sorted(texts), 1)]
    key_path = tmp_path / "k.json"
    deidentify_files(
        [], register, key_path, tmp_path / "out", transcripts=transcripts,
        participants={"t1": ("P1", "local"), "t2": ("P2", "local")},
    )  # fmt: skip
    key = PseudonymKey.load(key_path)
    adamson, drysdale = (
        key.pseudonym("PERSON", "Caitlin Adamson"),
        key.pseudonym("PERSON", "Caitlin Drysdale"),
    )
    out = {p.stem: p.read_text() for p in (tmp_path / "out").glob("*.txt")}
    assert out["t1"].count(f"[{adamson}]") == 2 and drysdale not in out["t1"]
    assert out["t2"].count(f"[{drysdale}]") == 2 and adamson not in out["t2"]
    assert out["t3"].count(f"[{drysdale}]") == 2  # her full name is said there: the bare name is hers
    own = key.pseudonym("PERSON", "Caitlin")  # no context: a pseudonym of its own
    assert own not in (adamson, drysdale) and f"[{own}]" in out["t4"]
    assert "Caitlin" not in "".join(out.values())


def test_cli_allow_releases_a_registered_term(tmp_path):
    from coprod.cli import main as cli

    register = tmp_path / "r.yaml"
    register.write_text('organisations: [{name: "Kirkton Data Hub"}]\n')
    src = tmp_path / "in" / "a.txt"
    src.parent.mkdir()
    src.write_text("Interviewer: Where?\n\nRespondent: The Kirkton Data Hub ran it.\n")
    base = ["deidentify", "--register", str(register), "--key", str(tmp_path / "k.json")]
    assert cli([*base, "--out", str(tmp_path / "o1"), str(src)]) == 0
    assert "Kirkton Data Hub" not in (tmp_path / "o1" / "t001.txt").read_text()
    assert cli([*base, "--allow", "kirkton data hub", "--out", str(tmp_path / "o2"), str(src)]) == 0
    assert "Kirkton Data Hub" in (tmp_path / "o2" / "t001.txt").read_text()


def test_allowing_a_term_after_a_run_releases_it_in_deidentification_and_audit_with_the_same_key(tmp_path):
    """Issue 12: the allow-list trap. A false positive gets into the append-only key on the first
    run; allowing it must make the next run keep it AND the audit accept it, key untouched."""
    from coprod.privacy.deidentify import Settings

    raw = tmp_path / "raw"
    raw.mkdir()
    src = raw / "a.txt"
    src.write_text(
        "Interviewer: What did you use?\n\nRespondent: Mostly Databricks, and Morag Drysdale helped.\n"
    )
    register = tmp_path / "r.yaml"
    register.write_text('people: [{name: "Morag Drysdale"}]\norganisations: [{name: "Databricks"}]\n')
    key, out, review = tmp_path / "key.json", tmp_path / "results", tmp_path / "review.tsv"

    def run(allow: tuple[str, ...]) -> str:
        deidentify_files([src], register, key, out / "deidentified", review_path=review, json_out=False,
                         settings=Settings(allow=allow))  # fmt: skip
        audit_tree(out, key, register, review, tmp_path / "audit.tsv", allow=list(allow))
        return (out / "deidentified" / "t001.txt").read_text()

    first = run(())
    assert "Databricks" not in first and "Morag" not in first
    before = PseudonymKey.load(key).entries
    second = run(("databricks",))  # the user's allow-list, in any case
    assert "Mostly Databricks" in second and "Morag" not in second
    assert PseudonymKey.load(key).entries[: len(before)] == before  # the key was not deleted or rewritten


def test_eight_concurrent_runs_on_one_key_give_every_person_one_unique_pseudonym(tmp_path):
    """Issue 13: two runs at once on one key once gave two people the same pseudonym."""
    import subprocess

    from conftest import BIN

    key = tmp_path / "key.json"
    names = ["Ailsa Baird", "Bruce Cowie", "Catriona Dunn", "Dougie Ewart", "Effie Ferguson",
             "Fergus Gunn", "Greer Hastie", "Hamish Innes"]  # fmt: skip
    procs = []
    for k, name in enumerate(names):
        src = tmp_path / f"in{k}" / "a.txt"
        src.parent.mkdir()
        src.write_text(
            f"Interviewer: Hello.\n\nRespondent: I'm {name}, and Dr {name.split()[1]} is my aunt.\n"
        )
        cmd = [
            str(BIN / "coprod"),
            "deidentify",
            "--key",
            str(key),
            "--out",
            str(tmp_path / f"out{k}"),
            str(src),
        ]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    assert all(p.wait() == 0 for p in procs)
    entries = PseudonymKey.load(key).entries
    people = {e["original"]: e["pseudonym"] for e in entries if e["type"] == "PERSON"}
    assert set(names) <= set(people)
    pseudonyms = [e["pseudonym"] for e in entries]
    assert len(pseudonyms) == len(set(pseudonyms))  # unique
    assert (key.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize(
    "entries, message",
    [
        ([{"type": "PERSON", "original": "A B", "pseudonym": "Person 1"},
          {"type": "PERSON", "original": "C D", "pseudonym": "Person 1"}], "to a second original"),
        ([{"type": "PERSON", "original": "A B", "pseudonym": "Person 1"},
          {"type": "PERSON", "original": "a  b", "pseudonym": "Person 2"}], "repeats an original"),
        ([{"type": "PERSON", "original": " ", "pseudonym": "Person 1"}], "empty original"),
    ],
)  # fmt: skip
def test_corrupt_keys_are_refused_in_one_line(tmp_path, entries, message):
    import json

    key = tmp_path / "key.json"
    key.write_text(json.dumps({"format": "coprod-pseudonym-key/1", "entries": entries}))
    with pytest.raises(InputError, match=message):
        PseudonymKey.load(key)


def test_key_numbering_continues_after_a_gap_and_symlinks_and_folders_are_refused(tmp_path):
    import json
    import os

    key = tmp_path / "key.json"
    gap = [{"type": "PERSON", "original": "A B", "pseudonym": "Person 1"},
           {"type": "PERSON", "original": "C D", "pseudonym": "Person 3"}]  # fmt: skip
    key.write_text(json.dumps({"format": "coprod-pseudonym-key/1", "entries": gap}))
    assert PseudonymKey.load(key).pseudonym("PERSON", "E F") == "Person 4"
    link = tmp_path / "link.json"
    os.symlink(key, link)
    with pytest.raises(InputError, match="symbolic link"):
        PseudonymKey.load(link)
    with pytest.raises(InputError, match="is a folder"):
        PseudonymKey.load(tmp_path)


def test_private_folders_are_0700_whatever_the_umask(tmp_path):
    import os

    old = os.umask(0)
    try:
        src = tmp_path / "a.txt"
        src.write_text("Interviewer: Hello.\n\nRespondent: I'm Morag Drysdale.\n")
        private = tmp_path / "private"
        deidentify_files([src], None, private / "key" / "k.json", tmp_path / "out",
                         review_path=private / "review" / "r.tsv", json_out=False)  # fmt: skip
    finally:
        os.umask(old)
    for folder in (private / "key", private / "review"):
        assert folder.stat().st_mode & 0o777 == 0o700
    for f in (private / "key" / "k.json", private / "review" / "r.tsv"):
        assert f.stat().st_mode & 0o777 == 0o600


def test_a_line_of_repeated_titles_is_no_traceback(tmp_path):
    """Issue 13: "Mr Mr Mr …" once raised RecursionError (one merged span of 15,000 characters
    in the propagation trie)."""
    src = tmp_path / "a.txt"
    src.write_text("Interviewer: Hello.\n\nRespondent: " + " ".join(["Mr"] * 5000) + "\n")
    deidentify_files([src], None, tmp_path / "k.json", tmp_path / "out", json_out=False)
    assert (tmp_path / "out" / "t001.txt").read_text().startswith("Interviewer: Hello.")


def test_typeface_declarations_are_not_text_but_the_same_name_in_text_is_a_hit():
    """Scale run: a participant surnamed Roman failed the audit on the DOCX font table's
    "Times New Roman"; the table also lists fonts named Latha, Kartika, Mangal … A typeface
    declaration is template, not data; the same name in the document text is still a hit."""
    import io
    import zipfile

    from coprod.privacy.audit import Index, Value, scan_bytes

    index = Index([Value("Roman", "[Person 1]", "review"), Value("Latha", "[Person 2]", "review")])

    def docx(member: str, xml: str) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(member, xml)
        return buf.getvalue()

    fonts = '<w:fonts><w:font w:name="Times New Roman"><w:altName w:val="Latha"/></w:font></w:fonts>'
    theme = '<a:theme><a:latin typeface="Latha"/></a:theme>'
    body = (
        '<w:document><w:r><w:rPr><w:rFonts w:ascii="Latha"/></w:rPr>'
        "<w:t>Mr Roman said</w:t></w:r></w:document>"
    )
    assert scan_bytes("a.docx", docx("word/fontTable.xml", fonts), index, {}) == []
    assert scan_bytes("a.docx", docx("word/theme/theme1.xml", theme), index, {}) == []
    css = b'<style>p { font-family: "Latha", serif; }</style><p>Hi</p>'
    assert scan_bytes("a.html", css, index, {}) == []
    hits = scan_bytes("a.docx", docx("word/document.xml", body), index, {})
    assert {h.value.original for h in hits} == {"Roman"}
    assert scan_bytes("a.html", b"<p>Latha was here</p>", index, {})


def test_audit_finds_a_name_inside_a_handle_by_substring_lookup():
    """The handle check looks names up by substring (it tried every person on every handle,
    people × handles); it must still find the name, respect scope, and ignore short names."""
    from coprod.privacy.audit import Index, Value

    people = [
        Value("Drysdale", "[Person 1]", "register"),
        Value("Morag", "[Person 2]", "review", scope="t002"),
        Value("Ian", "[Person 3]", "register"),  # under 4 letters: not looked for inside handles
    ]
    index = Index(people)
    found = {v.original for _, v in index.scan("login mdrysdale01 and morag_t77 or brian2", scope="t001")}
    assert found == {"Drysdale"}
    found = {v.original for _, v in index.scan("login mdrysdale01 and morag77", scope="t002")}
    assert found == {"Drysdale", "Morag"}


def test_handles_match_a_name_at_either_end_not_inside_an_ordinary_word():
    """Issue 16 test data: a registered organisation's word "Vale" was found inside
    "prevalence1residents" (two DOCX table cells joined) and failed a clean manuscript."""
    from coprod.privacy.audit import Index, Value

    index = Index([Value("Vale", "register ORG", "register"), Value("Smith", "[Person 1]", "register")])
    scan = lambda text: {v.original for _, v in index.scan(text)}  # noqa: E731
    assert scan("prevalence2021 and prevalence1residents") == set()
    assert scan("jsmith42 smithj7 vale2 x9vale") == {"Smith", "Vale"}
    assert scan("login 2smith, j_smith99") == {"Smith"}


def test_docx_cells_and_paragraphs_are_not_joined_into_one_word_but_runs_are(tmp_path):
    import docx

    from coprod.privacy.audit import Index, Value, scan_bytes

    doc = docx.Document()
    table = doc.add_table(rows=1, cols=3)
    for c, text in enumerate(("Mean prevalence", "1", "residents")):
        table.cell(0, c).text = text
    doc.add_paragraph("Drys")
    doc.add_paragraph("dale is not a name across two paragraphs")
    p = doc.add_paragraph("but across two runs ")
    p.add_run("Drys")
    p.add_run("dale")
    p.add_run(" it is.")
    path = tmp_path / "m.docx"
    doc.save(path)
    index = Index([Value("Vale", "register ORG", "register"), Value("Drysdale", "[Person 1]", "register")])
    with zipfile.ZipFile(path) as zf:
        hits = scan_bytes("word/document.xml", zf.read("word/document.xml"), index, {})
    assert {h.value.original for h in hits} == {"Drysdale"}
    assert {h.where for h in hits} == {"text"}  # found by joining runs, not in the XML source


def test_audit_reads_names_not_markup_hex_citation_keys_stems_or_style_vocabulary():
    """Issue 16 at 1,000 synthetic transcripts (US census surnames, common first names): the
    audit failed a clean run on the HTML tag <li> (surname Li), a GUID segment in the .qdpx
    ("babb"), the citation key connolly2023 (surname Conn), the topic vocabulary's stem "reiter"
    (of "reiterate"), and the citation style's author and month names (Andrew, May). Each is
    still found where it is the name."""
    from coprod.privacy.audit import Index, Value, _by_type
    from coprod.privacy.names import english_words

    people = ["Li", "Babb", "Conn", "Reiter", "Andrew", "May"]
    index = Index([Value(p, "[Person]", "register", "cap" if p == "May" else "") for p in people],
                  english=english_words())  # fmt: skip

    def found(suffix, text, stems=False):
        return {
            v.original for u in _by_type(suffix, text.encode(), {}) for _, v in index.scan(u.text, "", stems)
        }

    assert found(".html", "<ul><li>one</li></ul><a href='#ref-connolly2023'>Connolly 2023</a>") == set()
    assert found(".html", "<style>li > ol { margin: 0 } p::after { content: 'Li' }</style>") == {"Li"}
    assert found(".html", "<p>Dr Li said</p><img alt='Babb at home'>") == {"Li", "Babb"}
    assert found(".qde", '<Source guid="0205b85f-09d0-babb-bee1-4f1f6cffca2c" name="t001"/>') == set()
    assert found(".json", '{"vocab": ["reiter", "budget"]}', stems=True) == set()
    assert found(".json", '{"vocab": ["reiter", "budget"]}') == {"Reiter"}  # outside topic outputs
    assert found(".json", '{"text": "Reiter said"}', stems=True) == {"Reiter"}  # capitalised: a name
    csl = (
        "<style><info><author><name>Andrew Dunning</name></author></info>\n"
        '<term name="month-05">May</term>\n<!-- dates entered as "proposed May 23" --></style>'
    )
    assert found(".csl", csl) == set()
    assert found(".md", "Andrew Dunning met May in May") == {"Andrew", "May"}


def test_skeleton_by_table_equals_the_character_loop_it_replaced():
    """The audit's fold (a str.translate table) must equal the per-character definition."""
    import random

    from coprod.privacy.normalise import fold_char, skeleton

    def loop(text):
        if text.isascii():
            return re.sub(r"\s+", " ", text.replace("_", " ").replace("`", "'"))
        out = []
        for ch in text:
            f = fold_char(ch)
            if not f:
                continue
            if f.isspace():
                if out and out[-1] == " ":
                    continue
                f = " "
            out.append(f)
        return "".join(out)

    rng = random.Random(5)
    pool = [chr(c) for c in range(0x20, 0x3000)] + list(" \t\n\r\x0b\x0c\x1c\u00a0\u200b\u00ad\u2028\ufeff_`")
    pool += ["Ｍ", "а", "ο", "é", "ﬁ", "\u0301", "𝐌"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert skeleton(text) == loop(text), repr(text)
