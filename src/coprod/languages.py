"""The study's languages (`deidentify.languages`): which of them have word lists.

Both the de-identifier (`privacy.analyzer`) and the audit (`privacy.audit.reference`) judge
ordinary words in the study's languages, English from the reference lists and any other from
wordfreq's lists in its wheel. This check is the one place that says which codes are usable; it
imports no detector, so the audit may import it (tests/test_audit_boundary.py)."""

from __future__ import annotations

from .errors import ConfigError


def check_languages(languages: tuple[str, ...]) -> None:
    """Every study language must have a word list: English the reference lists, any other
    wordfreq's (in its wheel). One clear line otherwise."""
    others = [lang for lang in languages if lang != "en"]
    if not others:
        return
    from wordfreq import available_languages

    known = available_languages()
    for lang in others:
        if lang not in known:
            raise ConfigError(
                "deidentify.languages",
                f"'{lang}' is not a language the word-frequency lists cover",
                "use ISO 639-1 codes such as en, fr, de, es, it, nl",
            )
