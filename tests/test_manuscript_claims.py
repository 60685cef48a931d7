"""The manuscript claims only what the data produced: statements come from the coding stage under
stated rules (coprod.claims), the bundled article's own prose about findings is attributed to the
published study, quotes follow the analyst's choices and avoid placeholder-dense segments, and the
coding assistant (not the supervised extension) is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from coprod.analysis import check_chosen, exemplars, human_coded_segments, too_dense
from coprod.assistant_statements import assistant_section_md
from coprod.claims import code_claims
from coprod.codes_statements import claim_md, claims_summary_md
from coprod.errors import ConfigError
from coprod.reliability_statements import reliability_section_md

ROOT = Path(__file__).resolve().parents[1]
QMD = ROOT / "manuscript" / "index.qmd"
BOOK = yaml.safe_load((ROOT / "config" / "codebook.yaml").read_text(encoding="utf-8"))
CODES = [(t["id"], c["id"], c["label"]) for t in BOOK["themes"] for c in t["codes"]]
WORDS = " ".join(f"word{i}" for i in range(30))


def corpus(rate: dict[str, dict[str, float]]):
    """120 local segments (6 participants at 3 sites) and 60 national (3 participants); code c is
    coded on rate[c][group] of each group's segments (consecutive, so spread over its participants)."""
    rows = []
    for group, n, people in (("local", 120, 6), ("national", 60, 3)):
        for i in range(n):
            p = i % people
            site = f"site_{'abc'[p % 3]}" if group == "local" else "national"
            rows.append(
                {
                    "segment_id": f"{group[0]}{i:03d}",
                    "transcript_id": f"{group[0]}t{p}",
                    "participant_id": f"{group[0].upper()}{p}",
                    "site_id": site,
                    "group": group,
                    "turn_index": str(i // people + 1),
                    "role": "participant",
                    "n_words": "30",
                    "text": WORDS,
                }
            )
    segments = pd.DataFrame(rows)
    coded = []
    for k, (code, by_group) in enumerate(rate.items()):
        for group, share in by_group.items():
            seg = segments[segments.group == group]
            start = (k * 6) % len(seg)  # codes on different segments, so each has its own quotes
            seg = pd.concat([seg.iloc[start:], seg.iloc[:start]])
            for r in seg.head(round(share * len(seg))).itertuples():
                coded.append(
                    {
                        "segment_id": r.segment_id,
                        "code_id": code,
                        "participant_id": r.participant_id,
                        "site_id": r.site_id,
                        "group": r.group,
                        "n_hits": "1",
                    }
                )
    coded = pd.DataFrame(
        coded, columns=["segment_id", "code_id", "participant_id", "site_id", "group", "n_hits"]
    )
    summary = pd.DataFrame(
        [{"code_id": c, "theme_id": t, "label": lab} for t, c, lab in CODES],
    )
    return summary, coded, segments


BASE = {c: {"local": 0.1, "national": 0.1} for _, c, _ in CODES}


def findings_text(statements: dict, exemplars_df=None) -> str:
    """The bundled article's Findings and Discussion with the generated fragments included, as the
    render step includes them (the numbers' shortcodes left as they are)."""
    text = QMD.read_text(encoding="utf-8")
    body = text[text.index("# Findings") : text.index("# Limitations")]
    fragments = {f"claims/{c}.md": claim_md(statements, c, exemplars_df) for _, c, _ in CODES}
    fragments["claims_summary.md"] = claims_summary_md(statements)

    def include(m: re.Match) -> str:
        return fragments.get(m.group(1), m.group(0))

    return re.sub(r"\{\{< include _tables/(\S+) >\}\}", include, body)


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 3)
    return text[start : end if end > 0 else None]


# ------------------------------------------------------------- (a) degenerate inputs


def test_a_code_that_never_fires_loses_its_claims_in_the_bundled_text():
    normal = findings_text(code_claims(*corpus(BASE), site_group="local"))
    degenerate = findings_text(code_claims(*corpus(BASE | {"woolly_word": {}}), site_group="local"))
    before = section(normal, "Co-production: a 'woolly word'")
    after = section(degenerate, "Co-production: a 'woolly word'")
    assert "coded *A woolly word* on 18 segments" in before and "prominent" in before
    assert "No segment was coded *A woolly word* in this corpus, so nothing is reported about it." in after
    assert "coded *A woolly word* on" not in after
    # the summary over all codes names it as never coded, and no longer as prominent
    assert "Every one of the 20 codes was coded at least once." in normal
    assert "1 was never coded: *A woolly word*." in degenerate
    prominent = re.search(r"were prominent: ([^.]*)\.", degenerate).group(1)
    assert "A woolly word" not in prominent


def test_flipping_prevalence_between_groups_flips_the_statement():
    local_heavy = BASE | {"senior_leadership": {"local": 0.3, "national": 0.05}}
    national_heavy = BASE | {"senior_leadership": {"local": 0.05, "national": 0.3}}
    a = section(findings_text(code_claims(*corpus(local_heavy), site_group="local")), "Leadership")
    b = section(findings_text(code_claims(*corpus(national_heavy), site_group="local")), "Leadership")
    assert "It was coded 6.0 times as often among local participants' segments as among national" in a
    assert "among national participants' segments as among local" in b
    assert "among local participants' segments" not in b
    # equal prevalence: no group statement at all
    c = section(findings_text(code_claims(*corpus(BASE), site_group="local")), "Leadership")
    assert "times as often" not in c


def test_a_rule_the_humans_do_not_back_claims_nothing():
    summary, coded, segments = corpus(BASE)
    auto = pd.DataFrame(
        [
            {"code": c, "n_units": 40, "tp": 2, "fp": 8, "fn": 0, "tn": 30, "precision": 0.2, "kappa": 0.25}
            if c == "senior_leadership"
            else {
                "code": c,
                "n_units": 40,
                "tp": 6,
                "fp": 0,
                "fn": 0,
                "tn": 34,
                "precision": 1.0,
                "kappa": 1.0,
            }
            for _, c, _ in CODES
        ]
    )
    claims = code_claims(summary, coded, segments, site_group="local", auto=auto)
    senior = claims["codes"]["senior_leadership"]
    assert senior["verdicts"] == ["not supported by human coding"]
    text = " ".join(s["text"] for s in senior["sentences"])
    assert "fell short on precision 0.20 (required: 0.70) and κ 0.25 (required: 0.60)" in text
    assert "prominent" not in text and "widespread" not in text
    assert "supported by human coding" in claims["codes"]["woolly_word"]["verdicts"]
    # stricter thresholds from config change the verdicts
    strict = code_claims(summary, coded, segments, {"prominent_share": 0.5}, "local", auto)
    assert "prominent" not in strict["codes"]["woolly_word"]["verdicts"]


def test_thin_codes_are_not_characterised():
    claims = code_claims(*corpus(BASE | {"tokenism": {"national": 0.05}}), site_group="local")
    t = claims["codes"]["tokenism"]
    assert t["verdicts"] == ["thin"] and t["figures"]["segments"] == 3
    assert "too thin to report as a finding" in t["sentences"][-1]["text"]


# ------------------------------------------------------------- (b) no unconditioned claim

# Words that assert something about what participants said or what the results mean.
CLAIM_WORDS = re.compile(
    r"\b(matter(s|ed)?|undermin\w*|seen (as|to)|describ\w*|report\w*|experienc\w*|threaten\w*|halt\w*|"
    r"lack\w*|reproduc\w*|replicat\w*|confirm\w*|support\w*|suggest\w*|show(s|ed)? that|prominent|"
    r"widespread|central|dominant|important|key|consistent with|bears?\b.*\bout|echo\w*|carr(y|ied|ying)|"
    r"argu\w*|emerg\w*|distinguish\w*|found that|rising|contested|weak|recover\w*|fram(e|ed|es)|often|"
    r"valued|recur\w*|varied|presented as|expos\w*|precarious|mostly|most participants|many participants)\b",
    re.I,
)
SOURCES = [
    ROOT / "manuscript",
    ROOT / "config" / "examples" / "peer_support" / "manuscript",
    ROOT / "src" / "coprod" / "templates" / "study" / "manuscript",
]


def bib_keys(source: Path) -> set[str]:
    bib = source / "references.bib"
    return set(re.findall(r"@\w+\{([^,]+),", bib.read_text())) if bib.exists() else set()


BIB_KEYS = bib_keys(ROOT / "manuscript")
GENERATED = re.compile(r"\{\{< (include _tables/claims|var claims\.|var coding\.saturation_statement)")


def sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para or para.startswith(("#", "!", ":", ">", "|", "{{< include")):
            continue  # headings, figures, captions, quotes, tables, whole generated fragments
        out += re.split(r"(?<=[.;?])\s+(?=[A-Z@{*])", re.sub(r"\s+", " ", para))
    return out


def unconditioned(text: str, keys: set[str] = BIB_KEYS) -> list[str]:
    """Sentences of the Findings and Discussion that assert a finding without a generated
    condition: neither attributed to a cited study nor a generated statement or rule."""
    body = text[text.index("# Findings") : text.index("# Limitations")]
    bad = []
    for s in sentences(body):
        if "{{< var code." in s:  # a code's count slotted into prose: its statements are generated
            bad.append(s)
            continue
        cited = any(f"@{k}" in s for k in keys)
        if cited or GENERATED.search(s):
            continue
        plain = re.sub(r"\{\{<.*?>\}\}", " ", s)
        if CLAIM_WORDS.search(plain):
            bad.append(s)
    return bad


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_no_article_asserts_a_finding_without_a_generated_condition(source):
    assert BIB_KEYS >= {"connolly2023"}
    text = (source / "index.qmd").read_text(encoding="utf-8")
    assert unconditioned(text, bib_keys(source)) == []


def test_the_check_catches_fixed_interpretive_prose():
    old = (
        "# Findings\n\n## Leadership\n\nSenior sponsorship ({{< var code.senior_leadership.segments >}} "
        "segments) mattered, but middle managers were often described as carrying the work.\n\n"
        "# Discussion\n\nThe re-analysis reproduces the shape of the published argument.\n\n"
        "The number of boards ({{< var code.cluttered_landscape.segments >}} segments) were seen to "
        "undermine co-production.\n\n# Limitations\n"
    )
    assert len(unconditioned(old)) == 3
    # an attribution does not license the corpus's own count in the same sentence
    attributed = old.replace("Senior sponsorship", "@connolly2023 reported that senior sponsorship")
    assert len(unconditioned(attributed)) == 3
    attributed = attributed.replace(" ({{< var code.senior_leadership.segments >}} segments)", "")
    assert len(unconditioned(attributed)) == 2
    assert unconditioned("# Findings\n\nSupervision was often clinical.\n\n# Limitations\n")


def test_every_code_section_of_the_bundled_article_is_generated_with_its_quotes():
    text = QMD.read_text(encoding="utf-8")
    findings = text[text.index("# Findings") : text.index("## Topics")]
    included = re.findall(r"_tables/claims/(\w+)\.md", findings)
    codes = {c for _, c, _ in CODES}
    assert included and set(included) <= codes
    assert "_tables/quotes/" not in findings  # quotes come with each code's statements
    summary, coded, segments = corpus(BASE)
    ex = exemplars(coded, segments, [c for _, c, _ in CODES], 2, 20, 90)
    claims = code_claims(summary, coded, segments, site_group="local")
    for code in included:
        md = claim_md(claims, code, ex)
        assert md.count("\n> --- ") == 2, code


# ------------------------------------------------------------- quotes


def _quote_corpus():
    summary, coded, segments = corpus({"woolly_word": {"local": 0.5}})
    return summary, coded, segments


def test_placeholder_dense_segments_are_never_quoted():
    _, coded, segments = _quote_corpus()
    dense = "[Person 9] said to [Person 4] that [Email 3] " + " ".join(["word"] * 24)
    assert too_dense(dense, 30, 12) and not too_dense("[Person 9] " + " ".join(["w"] * 29), 30, 12)
    assert not too_dense("[laughs] [pause] " + " ".join(["w"] * 28), 30, 12)  # cues are not placeholders
    first = coded[coded.code_id == "woolly_word"].segment_id.iloc[0]
    segments.loc[segments.segment_id == first, "text"] = dense
    ex = exemplars(coded, segments, ["woolly_word"], 3, 20, 90, words_per_placeholder=12)
    assert first not in set(ex.segment_id) and len(ex) == 3
    assert first in set(exemplars(coded, segments, ["woolly_word"], 3, 20, 90).segment_id)


def test_chosen_quotes_come_first_and_human_coded_ones_before_the_rules():
    _, coded, segments = _quote_corpus()
    ids = list(coded[coded.code_id == "woolly_word"].segment_id)
    chosen = check_chosen([{"code": "woolly_word", "segments": [ids[-1]]}], segments, ["woolly_word"], "cfg")
    codings = pd.DataFrame(
        [
            {
                "transcript_id": segments.set_index("segment_id").at[ids[-2], "transcript_id"],
                "turn_index": segments.set_index("segment_id").at[ids[-2], "turn_index"],
                "code": "woolly_word",
                "coder": "A",
            }
        ]
    )
    human = human_coded_segments(codings, segments)
    assert ids[-2] in human["woolly_word"]
    ex = exemplars(coded, segments, ["woolly_word"], 3, 20, 90, chosen=chosen, human=human)
    assert list(ex.segment_id[:2]) == [ids[-1], ids[-2]]
    assert list(ex.source) == ["chosen", "human-coded", "rules"]
    assert ex.participant_id.nunique() == 3  # spread over participants


@pytest.mark.parametrize(
    "entry, problem",
    [
        ({"code": "nope", "segments": ["l000"]}, "not in the codebook"),
        ({"code": "woolly_word", "segments": ["zzz"]}, "is not a participant segment"),
    ],
)
def test_a_bad_chosen_quote_is_one_line(entry, problem):
    _, _, segments = _quote_corpus()
    with pytest.raises(ConfigError, match=problem) as err:
        check_chosen([entry], segments, ["woolly_word"], "config/config.yaml")
    assert "\n" not in str(err.value) and str(err.value).startswith("config error: config/config.yaml:")


# ------------------------------------------------------------- assistant, reliability


def test_the_assistant_paragraph_and_table_are_included_and_the_supervised_model_is_not():
    statements = {
        "numbers": {"units_coded": 59},
        "sentences": [{"condition": "always", "text": "It scored all 429 participant turns."}],
    }
    table = (
        "| Code | Human positives |\n|---|---:|\n| A | 5 |\n\nTable: Held-out agreement. {#tbl-assistant}\n"
    )
    md = assistant_section_md(statements, table)
    assert md.startswith("It scored all 429 participant turns. @tbl-assistant gives")
    assert md.endswith("\n\n" + table)
    assert "not trained" not in md and "neither trained nor judged" in assistant_section_md(None, None)
    text = QMD.read_text(encoding="utf-8")
    assert "{{< include _tables/assistant_section.md >}}" in text and "supervised" not in text.lower()
    rel = {
        "measured": "yes",
        "coders": 3,
        "units": 1,
        "transcripts": 1,
        "alpha_pooled": "0.5",
        "alpha_mean": "0.5",
        "alpha_min": "0.5",
        "alpha_max": "0.5",
        "n_estimable": 1,
        "n_below_0667": 1,
        "below_0667": "Funding",
        "sample_method": "every third turn of 2 transcripts drawn at random",
    }
    section_md = reliability_section_md(rel, "| a |\n|:--|\n| 1 |\n", False)
    assert "supervised" not in section_md.lower()
    assert "The sample: every third turn of 2 transcripts drawn at random." in section_md
    assert "1 codes" not in section_md and "One code fell below" in section_md
    assert "(three coders;" in section_md and "κ" not in section_md  # kappa only for two coders
    assert "is not recorded" in reliability_section_md(rel | {"sample_method": ""}, "", False)


def test_a_code_the_humans_do_not_back_is_quoted_only_from_human_coded_or_chosen_segments():
    summary, coded, segments = corpus(BASE)
    bad = {"tp": 1, "fp": 9, "fn": 0, "tn": 30, "precision": 0.1, "kappa": 0.1}
    auto = pd.DataFrame([{"code": c, "n_units": 40} | bad for _, c, _ in CODES])
    claims = code_claims(summary, coded, segments, site_group="local", auto=auto)
    ex = exemplars(coded, segments, [c for _, c, _ in CODES], 2, 20, 90)
    assert set(ex.source) == {"rules"}
    md = claim_md(claims, "woolly_word", ex)
    assert "\n> --- " not in md and "No quote is shown" in md
    ex.loc[ex.code_id.eq("woolly_word") & ex["rank"].eq(2), "source"] = "human-coded"
    md = claim_md(claims, "woolly_word", ex)
    assert md.count("\n> --- ") == 1


def test_a_code_whose_every_candidate_is_too_long_gets_no_quote_and_no_error():
    _, coded, segments = _quote_corpus()
    ex = exemplars(coded, segments, ["woolly_word"], 3, 40, 90, words_per_placeholder=12)
    assert ex.empty and list(ex.columns)[-2:] == ["source", "text"]


@pytest.mark.parametrize(
    "article", ["manuscript/index.qmd", "config/examples/peer_support/manuscript/index.qmd"]
)
def test_the_summary_over_all_codes_starts_its_own_sentence(article):
    """The summary's sentences begin with a capital ("Of the 20 codes, …"), so the text that
    leads into the include ends a sentence instead of running on after a colon."""
    text = (ROOT / article).read_text(encoding="utf-8")
    lead = text.split("{{< include _tables/claims_summary.md >}}")[0].rstrip()
    assert lead.endswith("."), lead[-80:]
    assert claims_summary_md({"summary": [{"text": "Of the 2 codes, 1 was prominent: *A*."}]})[0].isupper()
