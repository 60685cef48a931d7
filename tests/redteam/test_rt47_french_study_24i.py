"""Red team 24i, classes 1 and 2 in a French-English study of software practitioners
(`deidentify.languages: [en, fr]`), run through the pipeline to its de-identified transcripts.
Written blind, every name, street and firm invented (towns are public places). The same French
sentences the bare `coprod deidentify` cases (test_rt43/test_rt44) try, now where the study
declares French: sentence-start articles and words that are also French first names must be
published as written; a lower-case name after "je m'appelle" or in "c'est X qui", a street
address, a French mobile number, a postcode before its town and the day of a date of birth must
not. Only the research team is registered."""

from __future__ import annotations

import pytest
import yaml
from rt_common import SNAKEMAKE, assert_absent, copy_workflow, run, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Zoë Ferrández", "role": "interviewer"},
    {"name": "François Léveillé", "role": "interviewer"},
]
T01 = (
    "Zoë Ferrández: Bonjour, merci. Vous pouvez vous présenter?\n"
    "Participant: bonjour je m'appelle gwenaelle et je suis développeuse backend.\n"
    "Participant: Le bureau est à deux rues de la gare. La réunion est lundi, comme toujours.\n"
    "Participant: Prudence, on ne touche pas à la prod le vendredi. Patience, la migration arrive.\n"
    "Participant: En fait c'est maxence qui a cassé la prod la dernière fois.\n"
    "Participant: Notre doc est faite avec Hugo, et le vieux backend est en Ruby.\n"
    "Participant: C'était une petite victoire. On partait à l'aurore.\n"
    "Zoë Ferrández: Merci beaucoup.\n"
)
T02 = (
    "François Léveillé: Et pour vous joindre?\n"
    "Participant: J'habite au 12 rue des Verrières-Hautes, 29300 Quimperlé.\n"
    "Participant: Mon portable c'est le 06 47 28 91 35.\n"
    "Participant: Je suis né le 3 mars 1985, si ça compte.\n"
    "François Léveillé: Parfait, merci.\n"
)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    work = copy_workflow(tmp_path_factory.mktemp("fr24i"))
    raw = work / "data" / "raw" / "fr24i"
    raw.mkdir(parents=True)
    (raw / "t01.txt").write_text(T01, encoding="utf-8")
    (raw / "t02.txt").write_text(T02, encoding="utf-8")
    write_register(raw / "register.yaml", people=TEAM)
    (work / "config" / "fr24i.tsv").write_text(
        "transcript_id\tparticipant_id\tfile\tgroup\trole_category\n"
        "t01\tP01\tt01.txt\tlocal\tdeveloper\n"
        "t02\tP02\tt02.txt\tlocal\tdeveloper\n",
        encoding="utf-8",
    )
    cfg = yaml.safe_load((work / "config" / "config.yaml").read_text(encoding="utf-8"))
    cfg["corpus"].update(
        {
            "raw_dir": "data/raw/fr24i",
            "participants": "config/fr24i.tsv",
            "register": "data/raw/fr24i/register.yaml",
        }
    )
    cfg["corpus"]["gold"] = ""
    cfg["deidentify"]["heldout"] = []
    cfg["deidentify"]["allow"] = []
    cfg["deidentify"]["languages"] = ["en", "fr"]
    (work / "config" / "fr24i.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    targets = ["results/deidentified/t01.txt", "results/deidentified/t02.txt"]
    proc = run(
        [SNAKEMAKE, *targets, "--cores", "2", "--configfile", "config/fr24i.yaml"], cwd=work, timeout=900
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return {
        t: (work / "results" / "deidentified" / f"{t}.txt").read_text(encoding="utf-8")
        for t in ("t01", "t02")
    }


@pytest.mark.parametrize(
    "phrase",
    [
        "Le bureau est à deux rues",
        "La réunion est lundi",
        "Prudence, on ne touche pas",
        "Patience, la migration arrive",
        "faite avec Hugo",
        "est en Ruby",
        "une petite victoire",
        "à l'aurore",
    ],
)
def test_french_words_and_tools_kept(study, phrase):
    assert phrase in study["t01"], f"{phrase!r} not published as written:\n{study['t01']}"


@pytest.mark.parametrize(
    ("t", "planted"),
    [
        ("t01", ["gwenaelle"]),
        ("t01", ["maxence"]),
        ("t02", ["Verrières-Hautes"]),
        ("t02", ["29300"]),
        ("t02", ["06 47 28 91 35", "0647289135"]),
        ("t02", ["3 mars"]),
    ],
)
def test_french_identifiers_removed(study, t, planted):
    assert_absent(study[t], planted)
