"""Red team 24g, class 2b: a study in three languages (`deidentify.languages: [en, fr, pl]`) with
mixed-language interviews, run through the pipeline to its de-identified transcripts only.
Written blind, every name invented. Ordinary French and Polish words (sentence-initial, so
capitalised, or lower case), including two that are also the surnames of the registered research
team (berger, chevalier) in French sentences, must survive; honorific and kinship cues of those
languages (Madame, Pani, babcia) must still carry the name after them away, and the team's own
full names must still go."""

from __future__ import annotations

import re

import pytest
import yaml
from rt_common import SNAKEMAKE, assert_absent, copy_workflow, run, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Camille Berger", "role": "interviewer"},
    {"name": "Yves Chevalier", "role": "interviewer"},
]
T01 = (
    "Camille Berger: Bonjour, merci d'être là. Comment ça se passe avec l'aide à domicile?\n"
    "Participant: Alors, honnêtement, c'est compliqué. Bref, l'infirmière passe le matin.\n"
    "Camille Berger: Et votre père?\n"
    "Participant: Voilà, il était berger dans les Pyrénées, il garde le caractère d'un berger.\n"
    "Participant: Il a été fait chevalier de l'ordre du mérite agricole, il en est fier.\n"
    "Participant: Ensuite, la mairie nous a envoyé Madame Lefèvre-Aubin pour le dossier.\n"
    "Participant: Pourtant la sécu ne rembourse pas tout. Enfin, on se débrouille.\n"
)
T02 = (
    "Yves Chevalier: Thanks for joining, how is your grandmother doing?\n"
    "Participant: Właśnie, that's the thing. Moja babcia Zdzisława lives with us now.\n"
    "Participant: Dokładnie, the przychodnia is closed on Saturdays, so we wait.\n"
    "Participant: Pani Grażyna Kowalczyk from the parish helps on Sundays.\n"
    "Participant: Niestety the carer only comes twice. Ale okay, we manage.\n"
    "Yves Chevalier: Thank you. And Camille Berger will send the summary.\n"
)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = copy_workflow(tmp_path_factory.mktemp("langs"))
    raw = work / "data" / "raw" / "langs"
    raw.mkdir(parents=True)
    (raw / "t01.txt").write_text(T01, encoding="utf-8")
    (raw / "t02.txt").write_text(T02, encoding="utf-8")
    write_register(raw / "register.yaml", people=TEAM)
    (work / "config" / "langs.tsv").write_text(
        "transcript_id\tparticipant_id\tfile\tgroup\trole_category\n"
        "t01\tP01\tt01.txt\tlocal\tcarer\n"
        "t02\tP02\tt02.txt\tlocal\tcarer\n",
        encoding="utf-8",
    )
    cfg = yaml.safe_load((work / "config" / "config.yaml").read_text(encoding="utf-8"))
    cfg["corpus"].update(
        {
            "raw_dir": "data/raw/langs",
            "participants": "config/langs.tsv",
            "register": "data/raw/langs/register.yaml",
        }
    )
    cfg["corpus"]["gold"] = ""
    cfg["deidentify"]["heldout"] = []
    cfg["deidentify"]["languages"] = ["en", "fr", "pl"]
    (work / "config" / "langs.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    targets = ["results/deidentified/t01.txt", "results/deidentified/t02.txt"]
    proc = run(
        [SNAKEMAKE, *targets, "--cores", "2", "--configfile", "config/langs.yaml"], cwd=work, timeout=900
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return {
        t: (work / "results" / "deidentified" / f"{t}.txt").read_text(encoding="utf-8")
        for t in ("t01", "t02")
    }


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24g: {reason}"))


@pytest.mark.parametrize(
    "phrase",
    ["Alors, honnêtement", "Bref, l'infirmière", "Ensuite, la mairie", "Pourtant la sécu", "Enfin, on se"],
)
def test_french_ordinary_words_kept(published, phrase):
    assert phrase in published["t01"], published["t01"]


@pytest.mark.parametrize(
    "phrase",
    [
        # a registered surname that is a French common noun, in lower case where French puts
        # one: after a third-person subject and a copula, after an indefinite article
        "il était berger dans les",
        "le caractère d'un berger",
        "fait chevalier de l'ordre",
    ],
)
def test_team_surnames_as_french_words_kept(published, phrase):
    assert phrase in published["t01"], published["t01"]


@pytest.mark.parametrize(
    "phrase",
    ["Właśnie, that's", "Dokładnie, the przychodnia", "Niestety the carer", "Ale okay"],
)
def test_polish_ordinary_words_kept(published, phrase):
    assert phrase in published["t02"], published["t02"]


@pytest.mark.parametrize(
    ("t", "planted"),
    [
        ("t01", ["Lefèvre-Aubin", "Lefèvre"]),
        ("t02", ["Zdzisława"]),
        ("t02", ["Grażyna", "Kowalczyk"]),
    ],
)
def test_names_after_foreign_cues_replaced(published, t, planted):
    assert_absent(published[t], planted)


@pytest.mark.parametrize(
    "t",
    [
        "t01",
        "t02",
    ],
)
def test_team_full_names_replaced(published, t):
    assert_absent(published[t], ["Camille Berger", "Yves Chevalier", "Camille", "Yves"])
    assert not re.search(r"\bBerger:|\bChevalier:", published[t])
