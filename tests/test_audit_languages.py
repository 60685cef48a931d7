"""The audit judges ordinary words in the study's languages (deidentify.languages), as the
de-identification does: a registered surname that is an ordinary word of a study language is
looked for capitalised only, and one the language uses as a noun is no hit in lower case right
after one of its articles. English-only studies are audited as before. All names invented."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import yaml

from coprod.cli import main
from coprod.errors import ConfigError
from coprod.privacy.audit import Index, audit_files, identifier_values
from coprod.privacy.audit.reference import study_articles, study_nouns, study_words
from coprod.privacy.deidentify import write_review
from coprod.privacy.key import PseudonymKey

ROOT = Path(__file__).resolve().parents[1]
# "fontaine" is an ordinary French word (wordfreq Zipf above 4), "meunier" one French speakers
# use (above 3) but rarer: capitalised only in a French study, and a noun after an article
TEAM = 'people:\n  - {name: "Odile Fontaine", aliases: []}\n  - {name: "Luc Meunier", aliases: []}\n'
SAID = {
    "t1": "Participant: on a parlé près de la fontaine du village, une fontaine ancienne.\n",
    "t2": "Participant: c'est le meunier du coin, et d'un meunier on attend du pain.\n",
    "t3": "Participant: j'ai vu meunier hier.\n",
    "t4": "Participant: la Fontaine aussi, avec le Meunier.\n",
}


def _study(tmp_path):
    reg = tmp_path / "register.yaml"
    reg.write_text(TEAM, encoding="utf-8")
    key_path, review = tmp_path / "key.json", tmp_path / "review.tsv"
    PseudonymKey().save(key_path)
    write_review(review, [])
    out = tmp_path / "results" / "deidentified"
    out.mkdir(parents=True)
    for tid, text in SAID.items():
        (out / f"{tid}.txt").write_text(text, encoding="utf-8")
    return reg, key_path, review, out


def _hits(tmp_path, languages):
    reg, key_path, review, out = _study(tmp_path)
    values = identifier_values(key_path, reg, review, languages=languages)
    index = Index(values, articles=study_articles(languages))
    hits, _ = audit_files(sorted(out.iterdir()), tmp_path, index)
    return sorted((h.file.rsplit("/", 1)[-1], h.value.original) for h in hits)


def test_an_english_study_audits_the_french_words_in_any_case(tmp_path):
    """Without French among the languages nothing changes: every lower-case use is a hit."""
    assert _hits(tmp_path, ("en",)) == [
        ("t1.txt", "Fontaine"),
        ("t2.txt", "Meunier"),
        ("t3.txt", "Meunier"),
        ("t4.txt", "Fontaine"),
        ("t4.txt", "Meunier"),
    ]


def test_a_french_study_reads_its_ordinary_words_and_nouns_as_words(tmp_path):
    """In a French-English study the ordinary word is audited capitalised only ("la Fontaine"
    is a hit), the rarer noun in lower case after "le"/"d'un" is that noun, and the surname
    without an article ("vu meunier") or capitalised after one ("le Meunier") is still a hit."""
    assert _hits(tmp_path, ("en", "fr")) == [
        ("t3.txt", "Meunier"),
        ("t4.txt", "Fontaine"),
        ("t4.txt", "Meunier"),
    ]


def test_only_the_study_languages_lists_are_loaded():
    en = study_words(("en",))
    fr = study_words(("en", "fr"))
    assert "fontaine" not in en and "fontaine" in fr and en < fr
    assert "fontaine" in study_words(("fr",)) and "hospital" not in study_words(("fr",))
    assert study_articles(("en",)) == frozenset() and study_nouns(("en",)) is None
    # German has no articles line (its speech puts "der" before surnames): no noun rule
    assert study_articles(("en", "de")) == frozenset() and study_nouns(("en", "de")) is None
    assert {"le", "la", "l", "un", "une"} <= study_articles(("en", "fr"))
    nouns = study_nouns(("en", "fr"))
    assert nouns("Meunier") and not nouns("Thibault")  # a listed first name is a person


def test_a_language_with_no_word_list_is_one_clear_error():
    with pytest.raises(ConfigError, match="'xx' is not a language"):
        study_words(("en", "xx"))


def test_the_cli_takes_the_languages_from_the_option_or_the_config(tmp_path):
    """`coprod audit --languages` defaults to deidentify.languages of --config (by default
    config/config.yaml; English when there is none): the same French text fails an English
    audit on its lower-case words and passes a French-English one."""
    reg, key_path, review, out = _study(tmp_path)
    (out / "t3.txt").unlink()  # the planted leaks
    (out / "t4.txt").unlink()
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.yaml").write_bytes((ROOT / "config" / "config.yaml").read_bytes())
    study = {"deidentify": {"languages": ["en", "fr"]}}
    (tmp_path / "config" / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    base = ["audit", "results", "--key", str(key_path), "--register", str(reg), "--review", str(review)]

    def run(*extra):
        err = io.StringIO()
        with (
            contextlib.chdir(tmp_path),
            contextlib.redirect_stderr(err),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            code = main([*base, "--report", "audit.tsv", *extra])
        assert "Traceback" not in err.getvalue()
        return code, err.getvalue()

    code, err = run()  # config/config.yaml: English
    assert code == 1 and "Meunier" not in err, err  # never the original on the console
    assert run("--config", "config/study.yaml") == (0, run("--languages", "en", "fr")[1])
    assert run("--languages", "en", "fr")[0] == 0
    code, err = run("--languages", "en", "xx")
    assert code == 1 and err.count("\n") == 1 and "'xx' is not a language" in err, err
