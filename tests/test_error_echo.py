"""Error lines never echo a value from the register, the participants sheet, the key or the
config's lists of identifiers (issue 25, item 4).

Every case plants a sentinel string where a name would be and breaks the file around it (wrong
types, values outside the allowed set, unknown or duplicate keys, bad sheet cells); the error
must still be one line naming the file and the fix, and the sentinel must appear nowhere in what
the run printed (stdout, stderr) or in the shareable logs and results it left.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from conftest import BIN, ROOT, cache_env, copy_workflow

from coprod.config import load_config, read_yaml
from coprod.corpus import discover
from coprod.errors import CoprodError
from coprod.privacy.register import load_register

SENTINEL = "Quorvane"
NUMBER = "73915642"  # a sentinel where a name would be, but as a number
ONE_LETTER = "Q.7391"  # a "name" with fewer than two letters
PLANTED = re.compile("|".join(map(re.escape, (SENTINEL, NUMBER, ONE_LETTER))), re.IGNORECASE)
ENV = {
    "PATH": f"{BIN}:/usr/bin:/bin",
    "SOURCE_DATE_EPOCH": "1643846400",
    "PYTHONPATH": str(ROOT / "src"),
    **cache_env(),
}
PERSON = f"Ailsa {SENTINEL}"

REGISTERS = {
    "aliases_not_a_list": f'people:\n  - {{name: "{PERSON}", aliases: "{SENTINEL} Nick"}}\n',
    "name_is_a_number": f"people:\n  - {{name: {NUMBER}}}\n",
    "name_is_a_list": f'people:\n  - {{name: ["{PERSON}"]}}\n',
    "role_not_allowed": f'people:\n  - {{name: "Ailsa Brodie", role: "{SENTINEL}"}}\n',
    "people_as_a_mapping": f'people:\n  "{PERSON}": {{role: participant}}\n',
    "unknown_field_named_after_someone": f'people:\n  - {{name: "Ailsa Brodie", "{SENTINEL}": 1}}\n',
    "unknown_top_level_key_that_is_a_name": f'"{PERSON}":\n  - {{name: "Ailsa Brodie"}}\n',
    "duplicate_key_that_is_a_name": f'people:\n  - {{name: "Ailsa Brodie", {SENTINEL}: 1, {SENTINEL}: 2}}\n',
    "job_title_of_the_wrong_kind": f'people:\n  - {{name: "Ailsa Brodie", job_title: {{"{SENTINEL}": 1}}}}\n',
    "organisation_is_a_number": f'people:\n  - {{name: "Ailsa Brodie", organisation: [{NUMBER}]}}\n',
    "one_letter_alias": f'people:\n  - {{name: "Ailsa Brodie", aliases: ["{ONE_LETTER}"]}}\n',
    "note_is_a_mapping": f'places:\n  - {{name: "Glenbrae", note: {{"{PERSON}": x}}}}\n',
    "participant_id_is_a_list": f'people:\n  - {{name: "Ailsa Brodie", participant_id: ["{SENTINEL}"]}}\n',
}


def clean(text: str) -> None:
    assert not PLANTED.search(text), f"a planted value was echoed: {text[-600:]}"


def one_line(err: CoprodError, where: str) -> str:
    line = err.line()
    assert "\n" not in line and where in line and " — " in line, line
    clean(line)
    return line


@pytest.mark.parametrize("case", sorted(REGISTERS))
def test_register_errors_do_not_echo_the_register(tmp_path, case):
    path = tmp_path / "register.yaml"
    path.write_text(REGISTERS[case], encoding="utf-8")
    with pytest.raises(CoprodError) as exc:
        load_register(path)
    one_line(exc.value, "register.yaml")
    # through the command a user runs, too
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("Interviewer: Hello.\n\nParticipant: Fine.\n")
    proc = subprocess.run(
        [str(BIN / "coprod"), "deidentify", "--register", str(path), "--key", str(tmp_path / "k.json")]
        + ["--out", str(tmp_path / "out"), str(tmp_path / "raw" / "a.txt")],
        capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    clean(proc.stdout + proc.stderr)
    assert not (tmp_path / "out").exists()


def test_the_register_error_still_locates_the_problem(tmp_path):
    path = tmp_path / "register.yaml"
    path.write_text(REGISTERS["aliases_not_a_list"], encoding="utf-8")
    with pytest.raises(CoprodError) as exc:
        load_register(path)
    assert "key 'people.0.aliases' must be array — give a array" in exc.value.line()
    path.write_text(REGISTERS["duplicate_key_that_is_a_name"], encoding="utf-8")
    with pytest.raises(CoprodError) as exc:
        load_register(path)
    assert "register.yaml:2: YAML syntax error (duplicate key)" in exc.value.line()


HEADER = "transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category\n"
OTHER_ROW = "t02\tP2\tb.txt\tsite_b\tlocal\tlead\n"
SHEETS = {
    "duplicate_participant_id": f"t01\t{SENTINEL}\ta.txt\tsite_a\tlocal\tlead\n"
    + f"t02\t{SENTINEL}\tb.txt\tsite_b\tlocal\tlead\n",
    "duplicate_transcript_id": f"{SENTINEL}\tP1\ta.txt\tsite_a\tlocal\tlead\n"
    + f"{SENTINEL}\tP2\tb.txt\tsite_b\tlocal\tlead\n",
    "site_is_a_registered_surname": f"t01\tP1\ta.txt\t{SENTINEL}\tlocal\tlead\n" + OTHER_ROW,
    "participant_is_a_registered_name": f"t01\t{PERSON}\ta.txt\tsite_a\tlocal\tlead\n" + OTHER_ROW,
    "formula_cell": f't01\tP1\ta.txt\tsite_a\t=HYPERLINK("{SENTINEL}")\tlead\n' + OTHER_ROW,
    "unsafe_characters": f"t01\tP1\ta.txt\tsite_a\tlocal\t<{SENTINEL}>\n" + OTHER_ROW,
    "bad_transcript_id": f"{SENTINEL}!\tP1\ta.txt\tsite_a\tlocal\tlead\n" + OTHER_ROW,
}


@pytest.mark.parametrize("case", sorted(SHEETS))
def test_sheet_errors_do_not_echo_cells(tmp_path, case):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.txt"):
        (raw / name).write_text("Interviewer: Hello.\n\nParticipant: Fine.\n")
    (raw / "register.yaml").write_text(f'people:\n  - {{name: "{PERSON}"}}\n')
    sheet = tmp_path / "participants.tsv"
    sheet.write_text(HEADER + SHEETS[case], encoding="utf-8")
    with pytest.raises(CoprodError) as exc:
        discover(raw, sheet, raw / "register.yaml", ROOT / "data" / "reference")
    one_line(exc.value, "participants.tsv")


def base_config() -> dict:
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


CONFIGS = {
    "deny_type_not_allowed": lambda c: c["deidentify"].update(deny={PERSON: "PERSONN"}),
    "deny_type_a_number": lambda c: c["deidentify"].update(deny={PERSON: 7}),
    "deny_not_a_mapping": lambda c: c["deidentify"].update(deny=[PERSON]),
    "allow_not_a_list": lambda c: c["deidentify"].update(allow=PERSON),
    "allow_entry_a_list": lambda c: c["deidentify"].update(allow=["NHS Fife", [PERSON]]),
    "allow_entry_a_mapping": lambda c: c["deidentify"].update(allow=[{PERSON: 1}]),
    "audit_allow_not_a_list": lambda c: c["audit"].update(allow=PERSON),
    "audit_allow_entry_a_number": lambda c: c["audit"].update(allow=["University of Dundee", int(NUMBER)]),
}


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_config_errors_do_not_echo_identifier_lists(case):
    cfg = base_config()
    CONFIGS[case](cfg)
    with pytest.raises(CoprodError) as exc:
        load_config(cfg, "config/config.yaml")
    line = one_line(exc.value, "config/config.yaml")
    assert "key 'deidentify." in line or "key 'audit." in line, line


def test_config_duplicate_deny_phrase_does_not_echo_it(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(f"deidentify:\n  deny:\n    {PERSON}: PERSON\n    {PERSON}: ORG\n")
    with pytest.raises(CoprodError) as exc:
        read_yaml(path)
    assert "c.yaml:4: YAML syntax error (duplicate key)" in one_line(exc.value, "c.yaml")


def test_ordinary_config_values_are_still_quoted():
    cfg = base_config()
    cfg["topics"]["k"] = "six"
    with pytest.raises(CoprodError) as exc:
        load_config(cfg, "config/config.yaml")
    assert "key 'topics.k' is 'six'" in exc.value.line()


def test_key_errors_do_not_echo_its_entries(tmp_path):
    key = tmp_path / "key.json"
    entries = [
        {"type": "PERSON", "original": PERSON, "pseudonym": f"{SENTINEL} 1"},
        {"type": "PERSON", "original": f"Other {SENTINEL}", "pseudonym": f"{SENTINEL} 1"},
    ]
    key.write_text(json.dumps({"format": "coprod-pseudonym-key/1", "entries": entries}))
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("Interviewer: Hello.\n\nParticipant: Fine.\n")
    args = ["--key", key, "--out", tmp_path / "out", tmp_path / "raw" / "a.txt"]
    proc = subprocess.run(
        [str(BIN / "coprod"), "deidentify", *map(str, args)], capture_output=True, text=True, env=ENV
    )
    assert proc.returncode == 1 and "entry 2 gives the pseudonym of an earlier entry" in proc.stderr
    clean(proc.stdout + proc.stderr)


# --------------------------------------------------------------------- the workflow at start-up
@pytest.fixture(scope="module")
def workflow_copy(tmp_path_factory):
    return copy_workflow(tmp_path_factory.mktemp("echo"))


def shareable_text(work) -> str:
    """What a run leaves that may be shared: results/, logs/ (and Snakemake's own run logs)."""
    out = []
    for folder in ("results", "logs", ".snakemake/log"):
        for p in sorted((work / folder).rglob("*")) if (work / folder).exists() else []:
            if p.is_file():
                out.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(out)


@pytest.mark.parametrize("what", ["register", "sheet", "config", "decisions"])
def test_workflow_start_up_errors_do_not_echo(workflow_copy, what):
    fixture = workflow_copy / "tests" / "fixtures" / "corpus"
    cfg = yaml.safe_load((fixture / "config.yaml").read_text())
    register = f'people:\n  - {{name: "{PERSON}", aliases: "{SENTINEL} Nick"}}\n'
    sheet = (fixture / "participants.tsv").read_text().splitlines()
    if what == "register":
        (workflow_copy / "register.yaml").write_text(register)
        cfg["corpus"]["register"] = "register.yaml"
    elif what == "sheet":
        (workflow_copy / "register.yaml").write_text(f'people:\n  - {{name: "{PERSON}"}}\n')
        cfg["corpus"]["register"] = "register.yaml"
        head = sheet[0].split("\t")
        row = sheet[1].split("\t")
        row[head.index("site_id")] = SENTINEL
        (workflow_copy / "participants.tsv").write_text(
            "\n".join([sheet[0], "\t".join(row), *sheet[2:]]) + "\n"
        )
        cfg["corpus"]["participants"] = "participants.tsv"
    elif what == "config":
        cfg["deidentify"] = {"deny": {PERSON: "PERSONN"}}
    else:  # a review decision with an unknown type, in the private zone
        cfg["private_dir"] = "private_echo"
        (workflow_copy / "private_echo" / "review").mkdir(parents=True)
        (workflow_copy / "private_echo" / "review" / "decisions.tsv").write_text(
            f"form\tdecision\ttype\twho\twhen\n{PERSON}\treplace\t{SENTINEL}\n"
        )
    (workflow_copy / "echo.yaml").write_text(yaml.safe_dump(cfg))
    proc = subprocess.run(
        [str(BIN / "snakemake"), "-n", "--cores", "1", "--configfile", "echo.yaml"],
        cwd=workflow_copy, capture_output=True, text=True, env={**ENV, "HOME": str(workflow_copy)},
    )  # fmt: skip
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode != 0 and len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    if what == "decisions":
        assert "decisions.tsv: row 2: a replace decision needs a type" in proc.stderr
    clean(proc.stdout + proc.stderr)
    clean(shareable_text(workflow_copy))
