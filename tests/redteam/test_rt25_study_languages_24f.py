"""Red team 24f, class 2b: ordinary words of another study language are not replaced. A study
configured with `deidentify.languages: [en, fr]` (the pipeline, run to its de-identified
transcripts only), interviews partly in French, and a research team whose surnames are also
ordinary French words (marchand, fontaine). Written blind, every name invented. The French
ordinary words must survive in French sentences; the team's full names must still go."""

from __future__ import annotations

import re

import pytest
import yaml
from rt_common import ROOT, SNAKEMAKE, assert_absent, copy_workflow, run, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Camille Marchand", "role": "interviewer"},
    {"name": "Julien Fontaine", "role": "interviewer"},
]

TRANSCRIPTS = {
    "t01": (
        "Interviewer: Bonjour, merci d'être là. Comment ça se passe au travail ?\n"
        "P01: Chez nous, c'est compliqué. Bref, on a migré vers Kubernetes l'an dernier. "
        "Ensuite, le déploiement a pris six mois. Voilà.\n"
        "Interviewer: Et l'équipe ?\n"
        "P01: Alors, on était quatre. Enfin, cinq avec le stagiaire. Pourtant ça marchait bien.\n"
    ),
    "t02": (
        "Interviewer: Parlez-moi du quartier.\n"
        "P02: On se retrouvait près de la fontaine, devant le marchand de légumes. "
        "La maison était en pierre, avec un mur blanc et des volets bleus.\n"
        "Interviewer: Et les voisins ?\n"
        "P02: Le boulanger passait le matin, et le berger descendait en hiver.\n"
    ),
    "t03": (
        "Interviewer: Who did you talk to first?\n"
        "P03: Camille Marchand wrote to me, and then Julien Fontaine phoned. "
        "C'était gentil de leur part.\n"
        "Interviewer: And after that?\n"
        "P03: On a parlé du marchand et de la fontaine du village, rien de plus.\n"
    ),
    "t04": (
        "Interviewer: How was the rollout?\n"
        "P04: Honnêtement, c'était la galère. Donc on a tout refait. Du coup, "
        "le client était content. Sinon, rien.\n"
        "Interviewer: Merci.\n"
        "P04: Avec plaisir. Bonne journée.\n"
    ),
    "t05": (
        "Interviewer: Et les vacances ?\n"
        "P05: On part à Noël chez ma mère, et à la Toussaint on reste ici. "
        "À Pâques, on fait la chasse aux œufs.\n"
        "Interviewer: Et les démarches ?\n"
        "P05: J'ai attendu deux heures à la Poste, puis la Sécu et Pôle emploi ont perdu mon dossier.\n"
    ),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = copy_workflow(tmp_path_factory.mktemp("fr"))
    study = work / "data" / "raw" / "frstudy"
    study.mkdir(parents=True)
    rows = ["transcript_id\tparticipant_id\tfile\tgroup\trole_category"]
    for n, (tid, text) in enumerate(TRANSCRIPTS.items(), start=1):
        (study / f"{tid}.txt").write_text(text, encoding="utf-8")
        rows.append(f"{tid}\tP0{n}\t{tid}.txt\tlocal\tpractitioner")
    (study / "participants.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    write_register(study / "register.yaml", people=TEAM)
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    cfg["corpus"].update(
        raw_dir="data/raw/frstudy",
        participants="data/raw/frstudy/participants.tsv",
        register="data/raw/frstudy/register.yaml",
        gold="",
    )
    cfg["deidentify"]["languages"] = ["en", "fr"]
    cfg["deidentify"]["heldout"] = []
    cfg["coding"]["human"] = []
    cfg["coding"]["human_sample"] = ""
    (work / "config" / "frstudy.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    targets = [f"results/deidentified/{tid}.txt" for tid in TRANSCRIPTS]
    proc = run(
        [SNAKEMAKE, *targets, "--cores", "1", "--configfile", "config/frstudy.yaml"], cwd=work, timeout=900
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {tid: (work / t).read_text(encoding="utf-8") for tid, t in zip(TRANSCRIPTS, targets, strict=True)}


TAG = re.compile(r"\[(Person|Place|Organisation|Name)[^\]]*\]")


@pytest.mark.parametrize(
    ("tid", "phrase"),
    [
        ("t01", "Chez nous, c'est compliqué."),
        ("t01", "Bref, on a migré vers Kubernetes"),
        ("t01", "Ensuite, le déploiement"),
        ("t01", "Alors, on était quatre. Enfin, cinq"),
        ("t01", "Pourtant ça marchait bien."),
        ("t02", "près de la fontaine, devant le marchand de légumes"),
        ("t02", "en pierre, avec un mur blanc"),
        ("t02", "Le boulanger passait le matin, et le berger descendait"),
        ("t03", "du marchand et de la fontaine du village"),
        ("t04", "Honnêtement, c'était la galère. Donc on a tout refait. Du coup,"),
        ("t04", "Sinon, rien."),
        ("t04", "Avec plaisir. Bonne journée."),
        ("t05", "On part à Noël chez ma mère"),
        ("t05", "et à la Toussaint on reste ici."),
        ("t05", "À Pâques, on fait la chasse aux œufs."),
        ("t05", "J'ai attendu deux heures à la Poste"),
        ("t05", "puis la Sécu et Pôle emploi"),
    ],
)
def test_french_ordinary_words_kept(published, tid, phrase):
    assert phrase in published[tid], f"changed in {tid}: {published[tid]!r}"


def test_team_surname_that_is_a_french_word_not_replaced_in_french_speech(published):
    """The lower-case French word must not become the registered interviewer's pseudonym."""
    line = [ln for ln in published["t03"].splitlines() if "rien de plus" in ln]
    assert line and not TAG.search(line[0]), published["t03"]


def test_team_full_names_still_replaced(published):
    assert_absent(published["t03"], ["Camille", "Julien", "Camille Marchand", "Julien Fontaine"])
