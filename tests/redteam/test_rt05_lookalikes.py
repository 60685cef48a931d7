"""Issue 24, class 5: look-alike letters (Cherokee, Latin small capitals, Latin alpha) and
invisible fillers (U+3164, U+034F, U+17B4) inside a REGISTERED name: replaced in the output,
and `coprod audit` of a folder holding the disguised name fails."""

from __future__ import annotations

import unicodedata

import pytest
from rt_common import coprod, deidentify, sha_tree, write_register

pytestmark = pytest.mark.redteam

NAME = "Isla Dunnachie"

# What each disguise looks like to a reader; the test's own fold maps them back.
LOOKALIKE = {
    "\u13a0": "D",  # CHEROKEE LETTER A
    "\u13aa": "A",  # CHEROKEE LETTER GO
    "\u13df": "C",  # CHEROKEE LETTER TLI
    "\u13bb": "H",  # CHEROKEE LETTER MI
    "\u13ac": "E",  # CHEROKEE LETTER GV
    "\u13da": "S",  # CHEROKEE LETTER DU
    "\u13de": "L",  # CHEROKEE LETTER TLE
    "\u1d05": "d",
    "\u1d1c": "u",
    "\u0274": "n",
    "\u1d00": "a",
    "\u1d04": "c",
    "\u029c": "h",
    "\u026a": "i",
    "\u1d07": "e",
    "\u029f": "l",
    "\u0251": "a",  # LATIN SMALL LETTER ALPHA
}
FILLERS = {"\u3164", "\u034f", "\u17b4", "\u115f", "\u1160", "\u200b", "\u2060"}

DISGUISES = {
    "cherokee": "I\u13da\u13de\u13aa \u13a0UNN\u13aa\u13df\u13bbI\u13ac",
    "small-capitals": "\u026as\u029f\u1d00 \u1d05\u1d1c\u0274\u0274\u1d00\u1d04\u029c\u026a\u1d07",
    "latin-alpha": "Isl\u0251 Dunn\u0251chie",
    "fillers": "Is\u3164la Dun\u034fna\u17b4chie",
}


def fold(text: str) -> str:
    text = "".join(LOOKALIKE.get(c, c) for c in text if c not in FILLERS)
    return unicodedata.normalize("NFKC", text).casefold()


@pytest.mark.redteam
def test_fold_sees_every_disguise():
    for disguised in DISGUISES.values():
        assert disguised != NAME
        assert fold(disguised) == NAME.casefold()


@pytest.mark.redteam
@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_disguised_registered_name_is_replaced(tmp_path, kind):
    disguised = DISGUISES[kind]
    text = (
        "Interviewer: Who led the carers' forum?\n"
        f"P01: That was {disguised}, she set it up after the day centre closed.\n"
    )
    reg = write_register(tmp_path / "register.yaml", people=[NAME])
    _, out = deidentify(tmp_path, {"look.txt": text}, register=reg)
    assert "after the day centre closed" in out
    folded = fold(out)
    assert "dunnachie" not in folded, f"{kind} disguise of a registered name published"
    assert "isla" not in folded, f"{kind} disguise of a registered first name published"


def _audit_folder(tmp_path, content: str):
    """A key that knows the name (from a plain run), then an audit of a folder with content."""
    reg = write_register(tmp_path / "register.yaml", people=[NAME])
    text = "Interviewer: Hello.\nP01: Isla Dunnachie chaired the forum for a year.\n"
    deidentify(tmp_path, {"plain.txt": text}, register=reg)
    pub = tmp_path / "pub"
    pub.mkdir()
    (pub / "notes.txt").write_text(content, encoding="utf-8")
    before = sha_tree(pub)
    proc = coprod(
        "audit",
        "--key",
        tmp_path / "key.json",
        "--register",
        reg,
        "--report",
        tmp_path / "audit.tsv",
        pub,
        cwd=tmp_path,
    )
    assert sha_tree(pub) == before, "audit modified the scanned folder"
    assert "Traceback" not in proc.stderr
    return proc


@pytest.mark.redteam
def test_audit_control_clean_folder_passes(tmp_path):
    proc = _audit_folder(tmp_path, "The forum met every month at the library.\n")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.redteam
@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_audit_fails_on_disguised_registered_name(tmp_path, kind):
    proc = _audit_folder(tmp_path, f"The forum was chaired by {DISGUISES[kind]} for a year.\n")
    assert proc.returncode != 0, f"audit passed a folder holding a {kind} disguise of a registered name"
    for value in ("Isla", "Dunnachie"):
        assert value.casefold() not in proc.stderr.casefold()
