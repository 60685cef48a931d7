"""Red team 24h, classes 2b and 3: a French-English study of software practitioners
(`deidentify.languages: [en, fr]`), run through the pipeline to its de-identified transcripts,
then its first audit as a new user runs it (`coprod audit` with the study's key, register,
review log and config; only the research team registered, nothing allowed). Written blind,
every name invented. The research team's surnames are also ordinary French words (moulin, boulanger).

What must hold: French ordinary words (capitalised at a sentence start: connectives, days,
months, holidays; lower case: the team's surnames used as words) and software vocabulary are
published as written; people named in the talk (a lead after "notre lead", a "Madame", the team
in lower-case ASR) are not; and whenever the audit fails, no hit on a role label or an ordinary
word is advised "replace it" or "add it to the register", on the console or in the fix column."""

from __future__ import annotations

import csv
import re

import pytest
import yaml
from rt_common import SNAKEMAKE, assert_absent, coprod, copy_workflow, run, write_register
from rt_common import advises_keep as _advises_keep
from rt_common import advises_register as _advises_replace

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Sébastien Moulin", "role": "interviewer"},
    {"name": "Amélie Boulanger", "role": "interviewer"},
]
T01 = (
    "Sébastien Moulin: Bonjour, merci d'avoir accepté. Vous pouvez décrire votre équipe?\n"
    "Participant: Alors, on est six développeurs. Franchement, le déploiement c'est le plus dur.\n"
    "Participant: Lundi on fait la rétro, mardi la planif. Justement, en juillet on a tout migré.\n"
    "Participant: Mon grand-père avait un moulin à eau, c'est pour ça que j'aime les systèmes.\n"
    "Participant: Le boulanger du coin ouvre à six heures, alors je code avant.\n"
    "Participant: Du coup, la mise en prod passe par la CI, avec des tests de bout en bout.\n"
    "Participant: Après, c'est surtout la dette technique. Bref, on survit.\n"
    "Participant: Sinon, Thibault Garnier-Lesage, notre lead, a tout réécrit.\n"
    "Participant: Entre Noël et la Toussaint on gèle les mises en production.\n"
    "Sébastien Moulin: Merci beaucoup.\n"
)
T02 = (
    "Amélie Boulanger: Thanks for joining. How did the migration go?\n"
    "Participant: honnêtement it was painful, voilà, we moved everything en septembre.\n"
    "Participant: our manager, Madame Vasseur-Ribot, wanted it done by Pâques.\n"
    "Participant: the API gateway, the SDK, the whole Kubernetes thing, all new.\n"
    "Participant: and thank you amélie, and say hi to sébastien moulin from me.\n"
    "Amélie Boulanger: Will do, thank you.\n"
)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    work = copy_workflow(tmp_path_factory.mktemp("frstudy"))
    raw = work / "data" / "raw" / "frsw"
    raw.mkdir(parents=True)
    (raw / "t01.txt").write_text(T01, encoding="utf-8")
    (raw / "t02.txt").write_text(T02, encoding="utf-8")
    reg = write_register(raw / "register.yaml", people=TEAM)
    (work / "config" / "frsw.tsv").write_text(
        "transcript_id\tparticipant_id\tfile\tgroup\trole_category\n"
        "t01\tP01\tt01.txt\tlocal\tdeveloper\n"
        "t02\tP02\tt02.txt\tlocal\tdeveloper\n",
        encoding="utf-8",
    )
    cfg = yaml.safe_load((work / "config" / "config.yaml").read_text(encoding="utf-8"))
    cfg["corpus"].update(
        {
            "raw_dir": "data/raw/frsw",
            "participants": "config/frsw.tsv",
            "register": "data/raw/frsw/register.yaml",
        }
    )
    cfg["corpus"]["gold"] = ""
    cfg["deidentify"]["heldout"] = []
    cfg["deidentify"]["allow"] = []
    cfg["deidentify"]["languages"] = ["en", "fr"]
    (work / "config" / "frsw.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    targets = ["results/deidentified/t01.txt", "results/deidentified/t02.txt"]
    proc = run(
        [SNAKEMAKE, *targets, "--cores", "2", "--configfile", "config/frsw.yaml"], cwd=work, timeout=900
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    text = {
        t: (work / "results" / "deidentified" / f"{t}.txt").read_text(encoding="utf-8")
        for t in ("t01", "t02")
    }
    private = work / "private"
    keys = sorted(private.rglob("*key*.json"))
    assert keys, sorted(str(p) for p in private.rglob("*"))
    reviews = sorted(p for p in private.rglob("*.tsv") if "review" in p.name)
    # the study's config, as every other command of a study kept beside config/config.yaml is
    # given it (`coprod plan`, `coprod archive`): the audit reads the study's languages there
    args = ["audit", "--key", keys[0], "--register", reg, "--hits", private / "hits.tsv"]
    args += ["--config", "config/frsw.yaml"]
    if reviews:
        args += ["--review", reviews[0]]
    audit = coprod(*args, work / "results", cwd=work, timeout=600)
    assert "Traceback" not in audit.stdout + audit.stderr, audit.stderr[-2000:]
    hits = []
    if (private / "hits.tsv").exists():
        with (private / "hits.tsv").open(encoding="utf-8") as fh:
            hits = list(csv.DictReader(fh, delimiter="\t"))
    return {"text": text, "audit": audit, "hits": hits}


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24h: {reason}"))


# --- class 2b: French ordinary words, capitalised at a sentence start or in lower case ---------------
@pytest.mark.parametrize(
    ("t", "phrase"),
    [
        ("t01", "Alors, on est six"),
        ("t01", "Franchement, le déploiement"),
        ("t01", "Lundi on fait la rétro"),
        ("t01", "Justement, en juillet"),
        ("t01", "Du coup, la mise en prod"),
        ("t01", "Après, c'est surtout"),
        ("t01", "Bref, on survit"),
        ("t01", "Entre Noël et la Toussaint"),
        ("t02", "honnêtement it was painful, voilà"),
        ("t02", "by Pâques"),
        ("t02", "the API gateway, the SDK, the whole Kubernetes thing"),
    ],
)
def test_french_and_software_words_kept(study, t, phrase):
    assert phrase in study["text"][t], study["text"][t]


@pytest.mark.parametrize(
    "phrase",
    [
        "avait un moulin à eau",
        "Le boulanger du coin",
    ],
)
def test_team_surnames_as_french_words_kept(study, phrase):
    assert phrase in study["text"]["t01"], study["text"]["t01"]


# --- class 1 within the study: people named in the talk -----------------------------------------------
@pytest.mark.parametrize(
    ("t", "planted"),
    [
        ("t01", ["Thibault", "Garnier"]),
        ("t02", ["Vasseur"]),
        ("t02", ["amélie", "sébastien"]),
    ],
)
def test_people_named_in_the_talk_replaced(study, t, planted):
    assert_absent(study["text"][t], planted)


def test_team_labels_replaced(study):
    for t in ("t01", "t02"):
        assert not re.search(r"^(Sébastien Moulin|Amélie Boulanger):", study["text"][t], re.M), study["text"][
            t
        ]


# --- class 3: the first audit's advice --------------------------------------------------------------
ROLE_OR_WORD = re.compile(
    r"^(participant|interviewer|interviewee|moulin|boulanger|alors|franchement|lundi|justement|du coup|"
    r"après|bref|sinon|entre|noël|toussaint|pâques|voilà|honnêtement|api|sdk|kubernetes|ci)$",
    re.I,
)


def test_audit_hits_on_words_never_advise_register(study):
    wrong = sorted(
        {h["original"] for h in study["hits"] if ROLE_OR_WORD.match(h["original"].strip())}
        & {h["original"] for h in study["hits"] if _advises_replace(h.get("fix", ""), h["original"])}
    )
    assert not wrong, f"advised to register ordinary words or labels: {wrong}"


def test_audit_hits_on_words_offer_keep(study):
    for h in study["hits"]:
        if ROLE_OR_WORD.match(h["original"].strip()):
            assert _advises_keep(h.get("fix", ""), h["original"]), h


def test_audit_console_never_advises_registering_labels(study):
    console = study["audit"].stdout + study["audit"].stderr
    for term in ("Participant", "Interviewer", "Alors", "Lundi", "moulin", "boulanger"):
        assert not _advises_replace(console, term), (
            f"console advises registering {term!r}:\n{console[-1500:]}"
        )


def test_audit_flags_only_real_leaks(study):
    """Nothing but the planted people could identify anyone: a hit must be one of them, or the
    audit fails a first run on its own false positives."""
    bad = sorted({h["original"] for h in study["hits"] if ROLE_OR_WORD.match(h["original"].strip())})
    assert not bad, f"audit hits on ordinary words or labels: {bad}"
