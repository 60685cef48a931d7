"""Red team 24j, classes 1, 2 and 3 in a German-Spanish study of home care
(`deidentify.languages: [de, es, en]`), run through the pipeline to its de-identified
transcripts, then its first audit as a new user runs it (`coprod audit` with the study's key,
register, review log and config; only the research team registered, nothing allowed). Written
blind: every person, street and village invented.

German capitalises every noun, so a capital letter is no evidence there; Spanish first names are
often ordinary words (Dolores, Consuelo, Remedios, Esperanza). What must hold: German nouns and
Spanish words at a sentence start, speaker labels of those languages, public laws and services
are published as written; people named after a cue of those languages (Schwester, Frau Dr.,
mein Mann, Doña, mi hija, el enfermero), streets with a number, a village, phone and DNI
numbers are not; and the first audit fails if and only if a planted identifier was published,
with the right remedy for each hit (an ordinary word or label: keep, never replace)."""

from __future__ import annotations

import re

import pytest
import yaml
from rt_common import ROOT, SNAKEMAKE, coprod, copy_workflow, run, write_register, xfail_for

pytestmark = pytest.mark.redteam

TEAM = ["Ottilie Brannagh", "Fenwick Osei-Larbi"]

GERMAN = """Interviewer: Erzählen Sie mir bitte von der Pflege zu Hause.

Teilnehmerin: Morgens kommt Schwester Annegret Pfisterer und macht die Spritzen. Mein Mann, Reinhold Käsbohrer, war vierzig Jahre bei der Post. Frau Dr. Wiltrud Hagedorn-Sieber hat die Überweisung geschrieben.

Interviewer: Und wo wohnen Sie?

Teilnehmerin: Wir wohnen im Holunderweg 14 in Oberkleinhüttenbach, das ist ein kleines Dorf. Meine Handynummer ist 0171 4839227, falls Sie noch Fragen haben.

Interviewer: Wie ist die Pflege organisiert?

Teilnehmerin: Pflege ist ein harter Beruf. Hoffnung hat man trotzdem immer. Der Koch im Heim kocht jeden Tag frisch. Die Pflegekasse zahlt nur einen Teil. Montags kommt der Hausarzt. Rosen im Garten pflanzt er immer noch selbst. Das Pflegestärkungsgesetz hat einiges verändert.
"""  # noqa: E501

SPANISH = """Entrevistadora: Cuénteme cómo se organizan los cuidados en casa.

Participante: Doña Remedios Escribano Quintanilla viene los martes. Mi hija Consuelo me lleva al médico. El enfermero, Iñaki Goikoetxea, me puso la vía.

Entrevistadora: ¿Y dónde vive usted?

Participante: Vivo en la calle Zarzamora 23, en un pueblo que se llama Navalcerrillo de Abajo. Mi DNI es 48291736-K y mi móvil es 612 48 93 07.

Entrevistadora: ¿Qué le ayuda más?

Participante: Dolores de espalda tengo todos los días. Esperanza hay que tener siempre. Los lunes viene la fisio. La Ley de Dependencia me dio la ayuda. Mercedes ya no fabrica ese modelo de silla, dice mi nieto.
"""  # noqa: E501

PLANTED = [
    "Annegret", "Pfisterer", "Reinhold", "Käsbohrer", "Wiltrud", "Hagedorn-Sieber", "Holunderweg 14",
    "Oberkleinhüttenbach", "0171 4839227", "Remedios", "Escribano", "Quintanilla", "Iñaki",
    "Goikoetxea", "Zarzamora 23", "Navalcerrillo", "48291736", "612 48 93 07",
]  # fmt: skip


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("de_es_study")
    copy_workflow(tmp)
    raw = tmp / "data" / "raw" / "hauspflege"
    raw.mkdir(parents=True)
    (raw / "de01.txt").write_text(GERMAN, encoding="utf-8")
    (raw / "es01.txt").write_text(SPANISH, encoding="utf-8")
    write_register(raw / "register.yaml", people=TEAM)
    (tmp / "config" / "hauspflege").mkdir()
    (tmp / "config" / "hauspflege" / "participants.tsv").write_text(
        "transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category\n"
        "t001\tP01\tde01.txt\tsite_a\tlocal\tfamily carer\n"
        "t002\tP02\tes01.txt\tsite_b\tlocal\tfamily carer\n",
        encoding="utf-8",
    )
    cfg = yaml.safe_load((ROOT / "config" / "examples" / "peer_support" / "config.yaml").read_text())
    cfg["corpus"].update(
        name="hauspflege",
        description="invented home-care interviews in German and Spanish",
        raw_dir="data/raw/hauspflege",
        participants="config/hauspflege/participants.tsv",
        register="data/raw/hauspflege/register.yaml",
        gold="",
    )
    cfg["private_dir"] = "private"
    cfg["results_dir"] = "results"
    cfg["deidentify"]["languages"] = ["de", "es", "en"]
    cfg["deidentify"]["allow"] = []
    config = tmp / "config" / "hauspflege" / "config.yaml"
    config.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    targets = [f"results/deidentified/{t}.txt" for t in ("t001", "t002")]
    proc = run([SNAKEMAKE, *targets, "--cores", "2", "--configfile", config], cwd=tmp, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    out = {
        t: (tmp / "results" / "deidentified" / f"{t}.txt").read_text(encoding="utf-8")
        for t in ("t001", "t002")
    }
    private = tmp / "private"
    audit = coprod(
        "audit",
        "--key", private / "key" / "pseudonym_key.json",
        "--register", raw / "register.yaml",
        "--review", private / "review" / "replacements.tsv",
        "--hits", private / "audit_hits.tsv",
        "--config", config,
        tmp / "results",
        cwd=tmp,
        timeout=600,
    )  # fmt: skip
    hits = []
    if (private / "audit_hits.tsv").exists():
        import csv

        with (private / "audit_hits.tsv").open(encoding="utf-8") as fh:
            hits = list(csv.DictReader(fh, delimiter="\t"))
    return {"out": out, "audit": audit, "hits": hits}


GONE = [
    ("t001", ["Annegret", "Pfisterer"]),
    ("t001", ["Reinhold", "Käsbohrer"]),
    ("t001", ["Wiltrud", "Hagedorn-Sieber"]),
    ("t001", ["Holunderweg 14"]),
    ("t001", ["Oberkleinhüttenbach"]),
    ("t001", ["0171 4839227"]),
    ("t002", ["Remedios", "Escribano", "Quintanilla"]),
    ("t002", ["Consuelo"]),
    ("t002", ["Iñaki", "Goikoetxea"]),
    ("t002", ["Zarzamora 23"]),
    ("t002", ["Navalcerrillo"]),
    ("t002", ["48291736"]),
    ("t002", ["612 48 93 07"]),
]


@pytest.mark.parametrize(("tid", "gone"), GONE, ids=[f"gone{i:02d}" for i in range(len(GONE))])
def test_identifiers_in_german_and_spanish_are_not_published(study, tid, gone):
    text = study["out"][tid]
    for value in gone:
        assert value.casefold() not in text.casefold(), f"{value!r} published in {tid}: {text[:900]!r}"


KEPT = [
    ("t001", "Teilnehmerin:"),
    ("t001", "Pflege ist ein harter Beruf."),
    ("t001", "Hoffnung hat man trotzdem immer."),
    ("t001", "Der Koch im Heim kocht jeden Tag frisch."),
    ("t001", "Die Pflegekasse zahlt nur einen Teil."),
    ("t001", "Montags kommt der Hausarzt."),
    ("t001", "Rosen im Garten"),
    ("t001", "Mein Mann,"),
    ("t001", "Das Pflegestärkungsgesetz"),
    ("t002", "Entrevistadora:"),
    ("t002", "Dolores de espalda"),
    ("t002", "Esperanza hay que tener siempre."),
    ("t002", "Los lunes viene la fisio."),
    ("t002", "La Ley de Dependencia"),
    ("t002", "Mercedes ya no fabrica"),
]


_XF = {
    13: "'La Ley de Dependencia' opening a sentence: 'La Ley' is read as a full name",
}
KEPT_CASES = [xfail_for("24j")(_XF[i], *case) if i in _XF else case for i, case in enumerate(KEPT)]


@pytest.mark.parametrize(("tid", "kept"), KEPT_CASES, ids=[f"kept{i:02d}" for i in range(len(KEPT))])
def test_german_and_spanish_words_are_published(study, tid, kept):
    text = study["out"][tid]
    assert kept in text, f"{kept!r} not published as written in {tid}: {text[:1200]!r}"


def _leaked(study):
    text = "\n".join(study["out"].values()).casefold()
    return [v for v in PLANTED if v.casefold() in text]


def test_first_audit_fails_if_and_only_if_an_identifier_was_published(study):
    audit, leaked = study["audit"], _leaked(study)
    assert "Traceback" not in audit.stderr + audit.stdout, audit.stderr[-1500:]
    if leaked:
        assert audit.returncode != 0, f"audit green with {len(leaked)} planted identifier(s) published"
    else:
        assert audit.returncode == 0, (
            f"audit failed with nothing planted published: {(audit.stdout + audit.stderr)[-1500:]}"
        )


def test_first_audit_never_advises_replacing_an_ordinary_word(study):
    """A hit whose original is one of the study's ordinary words (a German noun, a Spanish word,
    a label) must be advised keep, never "replace it" or "add it to the register"."""
    from rt_common import advises_keep, advises_replace

    words = {w.strip(":.").casefold() for _, k in KEPT for w in re.findall(r"[\wÄÖÜäöüß:]+", k)}
    wrong = [
        h["original"]
        for h in study["hits"]
        if h["original"].casefold() in words
        and (advises_replace(h["fix"], h["original"]) or not advises_keep(h["fix"], h["original"]))
    ]
    assert not wrong, f"ordinary words advised the wrong remedy: {sorted(set(wrong))}"


def test_first_audit_advises_replacing_a_published_name(study):
    """Every hit on a planted identifier that was published offers replacing it."""
    from rt_common import advises_replace

    planted = {v.casefold() for v in PLANTED}
    wrong = [
        h["original"]
        for h in study["hits"]
        if h["original"].casefold() in planted and not advises_replace(h["fix"], h["original"])
    ]
    assert not wrong, f"published identifiers advised without a replace remedy: {sorted(set(wrong))}"
