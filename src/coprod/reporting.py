"""Reporting checklists for the manuscript's supplement: COREQ (32 items; Tong et al. 2007) and
SRQR (21 items; O'Brien et al. 2014), filled from the pipeline's own results and
from the study's `study.reporting` configuration.

Every answer says where it comes from: `data` (a result file the pipeline wrote, named),
`config` (a `study.reporting` key the team filled), `manuscript` (a section of the article),
`synthetic corpus` (an item about real people — the team, consent, participants' review — that
does not apply when `study.synthetic` is true and the team wrote nothing for it) or
`not reported` (neither the data nor the configuration knows). Each item also names where the
manuscript reports it, found in the article's own source: the section holding the variable or
table the answer is drawn from, or "this checklist" when only the supplement states it.

The checklists hold what other results hold — counts, pseudonymous participant ids, site and
group codes, code labels — and the team's own `study.reporting` sentences, never transcript
text beyond that; the privacy audit scans them like every shareable file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .mdtext import _f, md_table, plural
from .saturation_statements import saturation_variables

# A theme (or code) is "major" when segments of at least this share of the participants carry it.
MAJOR_SHARE = 0.5
NOT_REPORTED = "not reported"
NOT_APPLICABLE = "not applicable: synthetic corpus (no real participants or interviewers)"

# study.reporting keys (config), each a free sentence; "" = the team has not said.
REPORTING_KEYS = (
    "interviewers",
    "credentials",
    "occupation",
    "gender",
    "experience",
    "relationship",
    "participant_knowledge",
    "interviewer_characteristics",
    "orientation",
    "sampling",
    "approach",
    "non_participation",
    "setting",
    "non_participants",
    "interview_guide",
    "recording",
    "field_notes",
    "transcripts_returned",
    "participant_checking",
    "research_question",
    "reflexivity",
    "ethics",
    "conflicts",
    "funding",
)
# Items about real people and their consent: "not applicable" for a synthetic corpus when empty.
SYNTHETIC_NA = {
    "interviewers",
    "credentials",
    "occupation",
    "gender",
    "experience",
    "relationship",
    "participant_knowledge",
    "interviewer_characteristics",
    "approach",
    "non_participation",
    "transcripts_returned",
    "participant_checking",
    "reflexivity",
    "ethics",
}


@dataclass
class Inputs:
    """What the checklists are filled from (every frame as the pipeline wrote it)."""

    stats: pd.DataFrame  # results/descriptives/transcripts.tsv
    segments: pd.DataFrame  # results/segments.tsv
    code_summary: pd.DataFrame  # results/coding/code_summary.tsv
    coded: pd.DataFrame  # results/coding/coded_segments.tsv
    exemplars: pd.DataFrame  # results/coding/exemplars.tsv
    saturation: pd.DataFrame  # results/coding/saturation.tsv
    topic_summary: pd.DataFrame  # results/topics/topic_summary.tsv
    deid_summary: pd.DataFrame  # results/deidentified/summary.tsv
    codebook: dict
    config: dict
    transcripts: dict  # id -> the de-identified transcript (results/deidentified/<id>.json)
    article: str  # the manuscript source (index.qmd)
    reliability: pd.DataFrame | None = None  # results/coding/reliability.tsv (human codings only)


@dataclass
class Answer:
    text: str
    source: str  # data (<file>) | config (<key>) | manuscript | synthetic corpus | not reported
    anchors: tuple[str, ...] = ()  # what the article shows it by: var keys, _tables/ names, headings


# ----------------------------------------------------------------------------- the article


HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def sections(article: str) -> list[tuple[str, str]]:
    """(heading path, body text) of every section of the article ('Methods › Coding')."""
    body = FRONT_RE.sub("", article, count=1)
    out: list[tuple[str, list[str]]] = [("", [])]
    path: list[str] = []
    fenced = False
    for line in body.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        m = None if fenced else HEADING_RE.match(line)
        if m:
            level = len(m.group(1))
            path = path[: level - 1] + [m.group(2).strip()]
            out.append((" › ".join(path), [line]))
        else:
            out[-1][1].append(line)
    return [(name, "\n".join(lines)) for name, lines in out]


def locate(article: str, anchors: tuple[str, ...]) -> str:
    """The article's sections that show an answer: for each anchor, the first section holding
    `{{< var KEY` / `{{< include _tables/NAME` (anchor 'var:KEY' / 'table:NAME'), a heading
    containing a word ('heading:Word'), or the front matter ('front:title', 'front:abstract')."""
    found: list[str] = []
    secs = sections(article)
    front = FRONT_RE.match(article)
    for anchor in anchors:
        kind, _, value = anchor.partition(":")
        where = None
        if kind == "front":
            if front and re.search(rf"^{re.escape(value)}:", front.group(1), re.M):
                where = value.capitalize()
        elif kind == "heading":
            where = next((n for n, _ in secs if n and value.lower() in n.split(" › ")[-1].lower()), None)
        else:
            pattern = (
                rf"\{{\{{<\s*var\s+{re.escape(value)}[\s.]"
                if kind == "var"
                else rf"\{{\{{<\s*include\s+_tables/{re.escape(value)}"
            )
            where = next((n or "Front matter" for n, t in secs if re.search(pattern, t)), None)
        if where and where not in found:
            found.append(where)
    return "; ".join(found)


# ----------------------------------------------------------------------------- from the data


def _participants(inp: Inputs) -> int:
    return int(inp.stats.participant_id.nunique())


def sample_size(inp: Inputs) -> Answer:
    s = inp.stats
    groups = ", ".join(f"{n} {g}" for g, n in sorted(s.group.value_counts().items()))
    text = f"{plural(_participants(inp), 'participant')} in {plural(len(s), 'transcript')} ({groups})"
    # a group interview is one row of the participants sheet but several people speaking
    groups_ = {
        tid: n
        for tid, doc in sorted(inp.transcripts.items())
        if (n := len({t.get("speaker") for t in doc.get("turns", []) if t.get("role") == "participant"})) > 1
    }
    if groups_:
        text += "; with several participant speakers (group interviews): " + ", ".join(
            f"{tid} ({n} speakers)" for tid, n in groups_.items()
        )
    return Answer(
        text + ".", "data (descriptives/transcripts.tsv)", ("var:corpus.transcripts", "table:corpus.md")
    )


def sample_description(inp: Inputs) -> Answer:
    s = inp.stats
    parts = []
    for group, rows in sorted(s.groupby("group")):
        sites = sorted(set(rows.site_id.astype(str)) - {group, ""})
        where = f" at {plural(len(sites), 'site')} ({', '.join(sites)})" if sites else ""
        parts.append(f"{group}: {plural(rows.participant_id.nunique(), 'participant')}{where}")
    roles = ""
    if "role_category" in inp.segments:
        per = inp.segments.drop_duplicates("participant_id").role_category.value_counts()
        roles = f"; {plural(len(per), 'role category', 'role categories')} in the participants sheet"
    by = "By group and pseudonymous site" if s.site_id.astype(str).ne("").any() else "By group"
    text = f"{by} — " + "; ".join(parts) + roles + "."
    return Answer(text, "data (descriptives/transcripts.tsv, segments.tsv)", ("table:corpus.md",))


def _timed(doc: dict) -> float | None:
    """Minutes from the first timed turn's start to the last one's end; None without timings."""
    times = [t for t in doc.get("turns", []) if t.get("start") is not None]
    if not times:
        return None
    end = max(float(t.get("end") if t.get("end") is not None else t["start"]) for t in times)
    return (end - min(float(t["start"]) for t in times)) / 60


def duration(inp: Inputs) -> Answer:
    """Minutes from the timestamps where transcripts have them; words (stated as such) otherwise."""
    minutes = {tid: m for tid, doc in sorted(inp.transcripts.items()) if (m := _timed(doc)) is not None}
    words = inp.stats.set_index("transcript_id").words.astype(int)
    parts = []
    if minutes:
        vals = pd.Series(minutes)
        parts.append(
            f"{plural(len(vals), 'timed transcript')} (caption timestamps) lasted {_f(vals.median(), 0)} "
            f"minutes at the median (range {_f(vals.min(), 0)}–{_f(vals.max(), 0)})"
        )
    untimed = words.drop(index=[t for t in minutes if t in words.index])
    if len(untimed):
        parts.append(
            f"{'the other ' if minutes else ''}{plural(len(untimed), 'transcript')} "
            f"{'has' if len(untimed) == 1 else 'have'} no timestamps: their length is stated in words, not "
            f"minutes — median {int(untimed.median()):,} words (range {int(untimed.min()):,}–"
            f"{int(untimed.max()):,})"
        )
    source = "data (deidentified/<id>.json timestamps" + (
        ", descriptives/transcripts.tsv)" if len(untimed) else ")"
    )
    text = "; ".join(parts)
    return Answer(text[:1].upper() + text[1:] + ".", source, ("var:corpus.words",))


def repeat_interviews(inp: Inputs) -> Answer:
    per = inp.stats.participant_id.value_counts()
    repeated = per[per > 1]
    if repeated.empty:
        text = f"No: each of the {plural(len(per), 'participant')} has one transcript."
    else:
        text = (
            f"{plural(len(repeated), 'participant')} {'has' if len(repeated) == 1 else 'have'} more than "
            f"one transcript ({', '.join(sorted(repeated.index))})."
        )
    return Answer(text, "data (descriptives/transcripts.tsv)")


def speakers_present(inp: Inputs) -> Answer:
    """Who speaks in each transcript: interviewer and participant speakers (pseudonymous labels)."""
    shapes: dict[tuple[int, int], list[str]] = {}
    for tid, doc in sorted(inp.transcripts.items()):
        roles: dict[str, set] = {"interviewer": set(), "participant": set()}
        for t in doc.get("turns", []):
            roles.setdefault(t.get("role", ""), set()).add(t.get("speaker"))
        shapes.setdefault((len(roles["interviewer"]), len(roles["participant"])), []).append(tid)
    parts = []
    for (i, p), ids in sorted(shapes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        who = f"{plural(i, 'interviewer')} and {plural(p, 'participant')} speak"
        ids_ = f" ({', '.join(ids)})" if len(ids) <= 3 else ""
        parts.append(f"{who} in {plural(len(ids), 'transcript')}{ids_}")
    text = "Speakers in the transcripts: " + "; ".join(parts) + "; no other speaker is transcribed."
    return Answer(text, "data (deidentified/<id>.json speakers)")


def saturation(inp: Inputs) -> Answer:
    if inp.saturation is None or inp.saturation.empty:
        return Answer(NOT_REPORTED, NOT_REPORTED)
    text = saturation_variables(inp.saturation)["saturation_statement"]
    return Answer(text, "data (coding/saturation.tsv)", ("var:coding.saturation_statement",))


def coders(inp: Inputs) -> Answer:
    rel = inp.reliability
    rules = "the codebook's keyword rules coded every segment"
    if rel is None or rel.empty:
        return Answer(
            f"One automated coder: {rules}; no human codings were configured, so inter-coder "
            "reliability was not measured.",
            "data (coding/coded_segments.tsv)",
            ("table:reliability_section.md",),
        )
    total = rel[rel.code == "ALL"].iloc[0]
    per_code = pd.to_numeric(rel[rel.code != "ALL"].n_units)
    units = int(per_code.max()) if per_code.notna().any() else 0
    text = (
        f"{plural(int(total.n_coders), 'human coder')} coded {plural(units, 'participant turn')} "
        f"(Krippendorff's α pooled {_f(total.alpha)}, 95% interval {_f(total.alpha_low)}–"
        f"{_f(total.alpha_high)}); {rules}."
    )
    return Answer(text, "data (coding/reliability.tsv)", ("table:reliability_section.md",))


def coding_tree(inp: Inputs) -> Answer:
    themes = inp.codebook["themes"]
    n_codes = sum(len(t["codes"]) for t in themes)
    text = (
        f"Yes: {plural(len(themes), 'theme')} and {plural(n_codes, 'code')}, each code with a definition, "
        "include and exclude notes and keyword rules (the codebook; the coding tree with every "
        "definition is in this supplement)."
    )
    return Answer(text, "data (codebook)", ("table:codes.md", "table:findings.md"))


def derivation(inp: Inputs) -> Answer:
    themes = inp.codebook["themes"]
    n_codes = sum(len(t["codes"]) for t in themes)
    k = len(inp.topic_summary)
    topics = inp.config["topics"]
    chosen = "chosen from the K grid by the coherence–exclusivity rule" if topics["k"] == "auto" else "fixed"
    text = (
        f"Identified in advance: the codebook defines the {plural(len(themes), 'theme')} and "
        f"{plural(n_codes, 'code')} before coding, and its keyword rules apply them (deductive); the "
        f"pipeline does not derive themes from the data. A {k}-topic model (K {chosen}) fitted "
        "to the same segments is an exploratory, inductive complement: its topics are compared with "
        "the codes, not turned into themes."
    )
    return Answer(
        text,
        "data (codebook, topics/topic_summary.tsv)",
        ("var:coding.themes", "var:topics.model", "var:topics.k"),
    )


def software(inp: Inputs) -> Answer:
    text = (
        "The coprod pipeline (a Snakemake workflow in Python): de-identification, keyword coding of the "
        "codebook, LDA topic model (tomotopy), figures (matplotlib), manuscript (Quarto, or pandoc + "
        "Typst). The version of every package, the commit and the configuration hash are in the "
        "provenance appendix."
    )
    return Answer(text, "data (provenance)", ("table:provenance.md",))


def quotations(inp: Inputs) -> Answer:
    ex = inp.exemplars
    if ex is None or ex.empty:
        return Answer("No quotation met the length bounds in this corpus.", "data (coding/exemplars.tsv)")
    # the quotes the article prints: every code's (findings.md) or those of the codes it includes
    # (a code's statements with its quotes, claims/<code>.md, or its quotes alone, quotes/<code>.md)
    if re.search(r"\{\{<\s*include\s+_tables/findings\.md", inp.article):
        shown = ex
    else:
        codes = set(re.findall(r"\{\{<\s*include\s+_tables/(?:quotes|claims)/([^\s>]+)\.md", inp.article))
        shown = ex[ex.code_id.isin(codes)]
    if shown.empty:
        return Answer(
            f"No: the article prints none of the {plural(len(ex), 'exemplar quotation')} "
            "(coding/exemplars.tsv).",
            "data (coding/exemplars.tsv)",
        )
    first = shown.sort_values(["code_id", "rank"]).iloc[0]
    # a study without sites (no site_id column) attributes by group only
    where = "group and site" if shown.site_id.astype(str).ne("").any() else "group"
    text = (
        f"Yes: {plural(len(shown), 'quotation')} from "
        f"{plural(shown.participant_id.nunique(), 'participant')} "
        f"for {plural(shown.code_id.nunique(), 'code')} (of {len(ex)} exemplars in coding/exemplars.tsv), "
        f"each attributed by pseudonymous participant id, {where}, e.g. '{_attribution(first)}'."
    )
    return Answer(
        text, "data (coding/exemplars.tsv)", ("table:claims/", "table:quotes/", "table:findings.md")
    )


def _attribution(row) -> str:
    """'P03 (local, site_a)' as the manuscript attributes quotes (a group that is its own site once)."""
    where = [str(row.group)] + ([str(row.site_id)] if str(row.site_id) != str(row.group) else [])
    return f"{row.participant_id} ({', '.join(w for w in where if w)})"


def consistency(inp: Inputs) -> Answer:
    text = (
        "Each count in the findings is generated from the coded segments, where each code keeps the "
        "keyword rule and the words behind it (coding/coded_segments.tsv, coding/keyword_report.tsv); "
        "the article only prints what the pipeline wrote."
    )
    return Answer(text, "data (coding/coded_segments.tsv)", ("table:codes.md", "table:findings.md"))


def _prevalence(inp: Inputs) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Participants per theme and per code, and the number of participants."""
    n = _participants(inp)
    labels = {t["id"]: t["label"] for t in inp.codebook["themes"]}
    per_theme = inp.coded.groupby("theme_id").participant_id.nunique() if len(inp.coded) else pd.Series()
    themes = pd.DataFrame(
        {
            "label": [labels[t] for t in labels],
            "participants": [int(per_theme.get(t, 0)) for t in labels],
        }
    )
    codes = inp.code_summary[["label", "participants"]].copy()
    codes["participants"] = codes.participants.astype(int)
    return themes, codes, n


def _listed(df: pd.DataFrame, n: int) -> str:
    df = df.sort_values(["participants", "label"], ascending=[False, True])
    return "; ".join(f"{r.label} ({r.participants} of {n})" for r in df.itertuples())


def rule_text(n: int) -> str:
    need = -(-n * MAJOR_SHARE // 1)  # ceil
    return (
        f"a theme or code is major when segments of at least half of the participants carry it "
        f"(here at least {int(need)} of {n}), minor when fewer do"
    )


def major_themes(inp: Inputs) -> Answer:
    themes, _, n = _prevalence(inp)
    major = themes[themes.participants >= MAJOR_SHARE * n]
    text = (
        f"Major themes, with the participants carrying each: {_listed(major, n) if len(major) else 'none'}. "
        f"Rule: {rule_text(n)}. Codes by prevalence are in the codes table."
    )
    return Answer(text, "data (coding/coded_segments.tsv)", ("table:codes.md", "table:findings.md"))


def minor_themes(inp: Inputs) -> Answer:
    themes, codes, n = _prevalence(inp)
    minor_t = themes[themes.participants < MAJOR_SHARE * n]
    minor_c = codes[(codes.participants < MAJOR_SHARE * n) & (codes.participants > 0)]
    unused = codes[codes.participants == 0]
    text = (
        # no sentence starts with "Minor": a registered surname spelt like an ordinary word is
        # audited wherever it is capitalised, and this line is the pipeline's own
        f"By the same rule, minor themes: {_listed(minor_t, n) if len(minor_t) else 'none'}; minor codes: "
        f"{_listed(minor_c, n) if len(minor_c) else 'none'}."
        + (f" Codes never applied: {'; '.join(unused.label)}." if len(unused) else "")
    )
    return Answer(text, "data (coding/code_summary.tsv, coding/coded_segments.tsv)", ("table:codes.md",))


def _replacements(inp: Inputs) -> int:
    d = inp.deid_summary
    return int(pd.to_numeric(d[d["type"] != "NONE"]["count"]).sum()) if len(d) else 0


def deid_ethics(inp: Inputs) -> str:
    n = _replacements(inp)
    return (
        f"Identifiers were replaced by typed pseudonyms before analysis ({plural(n, 'replacement')}, "
        "deidentified/summary.tsv), and a privacy audit of every shareable file gates the build."
    )


def units(inp: Inputs) -> Answer:
    a = sample_size(inp)
    segments = plural(len(inp.segments), "participant segment")
    text = f"{a.text[:-1]}; {segments} (segments.tsv) are the units coded."
    return Answer(
        text, "data (descriptives/transcripts.tsv, segments.tsv)", a.anchors + ("var:corpus.segments",)
    )


def processing(inp: Inputs) -> Answer:
    s = inp.stats
    formats = ", ".join(f"{n} .{f}" for f, n in sorted(s.format.value_counts().items()))
    text = (
        f"Transcripts ({formats}) parsed into speaker turns, de-identified "
        f"({plural(_replacements(inp), 'replacement')}), and participant turns of at least "
        f"{int(inp.config['segment']['min_words'])} words segmented ({plural(len(inp.segments), 'segment')})."
    )
    return Answer(
        text,
        "data (descriptives/transcripts.tsv, deidentified/summary.tsv, segments.tsv)",
        ("var:corpus.formats", "var:deid.replacements", "var:corpus.segments"),
    )


def analysis(inp: Inputs) -> Answer:
    a, d = coders(inp), derivation(inp)
    return Answer(f"{d.text} {a.text}", f"{d.source}; {a.source}", d.anchors + a.anchors)


def trustworthiness(inp: Inputs) -> Answer:
    parts = [saturation(inp).text]
    if inp.reliability is not None and not inp.reliability.empty:
        parts.append(coders(inp).text)
    parts.append(
        "Each code on a segment keeps the keyword rule behind it; each number is traced to a result "
        "file (provenance appendix)."
    )
    return Answer(
        " ".join(p for p in parts if p != NOT_REPORTED),
        "data (coding/saturation.tsv, coding/reliability.tsv)",
        ("var:coding.saturation_statement", "table:reliability_section.md", "table:provenance.md"),
    )


# ----------------------------------------------------------------------------- items


def from_config(key: str, anchors: tuple[str, ...] = ()) -> Callable[[Inputs], Answer]:
    """A `study.reporting` sentence; 'not applicable' for a synthetic corpus on items about real
    people (SYNTHETIC_NA) when the team wrote nothing; otherwise 'not reported'."""

    def answer(inp: Inputs) -> Answer:
        study = inp.config.get("study") or {}
        value = str((study.get("reporting") or {}).get(key) or "").strip()
        if value:
            return Answer(value, f"config (study.reporting.{key})", anchors)
        if key in SYNTHETIC_NA and study.get("synthetic"):
            return Answer(NOT_APPLICABLE, "synthetic corpus")
        return Answer(NOT_REPORTED, NOT_REPORTED)

    return answer


def both(key: str, data: Callable[[Inputs], Answer]) -> Callable[[Inputs], Answer]:
    """The team's sentence (if any) followed by what the data show."""

    def answer(inp: Inputs) -> Answer:
        c, d = from_config(key)(inp), data(inp)
        if c.source.startswith("config"):
            return Answer(f"{c.text} {d.text}", f"{c.source}; {d.source}", d.anchors)
        if c.source == "synthetic corpus":
            return Answer(f"{c.text}. {d.text}", f"synthetic corpus; {d.source}", d.anchors)
        return d

    return answer


def from_article(anchor: str, what: str) -> Callable[[Inputs], Answer]:
    def answer(inp: Inputs) -> Answer:
        where = locate(inp.article, (anchor,))
        if not where:
            return Answer(NOT_REPORTED, NOT_REPORTED)
        return Answer(f"In the {what}.", "manuscript", (anchor,))

    return answer


def first_of(*options: Callable[[Inputs], Answer]) -> Callable[[Inputs], Answer]:
    def answer(inp: Inputs) -> Answer:
        result = Answer(NOT_REPORTED, NOT_REPORTED)
        for option in options:
            result = option(inp)
            if result.source not in (NOT_REPORTED, "synthetic corpus"):
                return result
        return result

    return answer


def _ethics(inp: Inputs) -> Answer:
    return Answer(deid_ethics(inp), "data (deidentified/summary.tsv)", ("var:deid.replacements",))


def _context(inp: Inputs) -> Answer:
    return sample_description(inp)


def _sampling_data(inp: Inputs) -> Answer:
    a = sample_size(inp)
    return Answer(a.text, a.source, a.anchors)


def _instruments(inp: Inputs) -> Answer:
    s = inp.stats
    formats = ", ".join(f"{n} .{f}" for f, n in sorted(s.format.value_counts().items()))
    return Answer(
        f"Transcript formats: {formats}.", "data (descriptives/transcripts.tsv)", ("var:corpus.formats",)
    )


# (number, domain, item, what it asks, how it is answered)
COREQ: list[tuple[str, str, str, Callable[[Inputs], Answer]]] = [
    ("1", "Research team and reflexivity", "Interviewer/facilitator", from_config("interviewers")),
    ("2", "Research team and reflexivity", "Credentials", from_config("credentials")),
    ("3", "Research team and reflexivity", "Occupation", from_config("occupation")),
    ("4", "Research team and reflexivity", "Gender", from_config("gender")),
    ("5", "Research team and reflexivity", "Experience and training", from_config("experience")),
    ("6", "Research team and reflexivity", "Relationship established", from_config("relationship")),
    (
        "7",
        "Research team and reflexivity",
        "Participant knowledge of the interviewer",
        from_config("participant_knowledge"),
    ),
    (
        "8",
        "Research team and reflexivity",
        "Interviewer characteristics",
        from_config("interviewer_characteristics"),
    ),
    ("9", "Study design", "Methodological orientation and theory", from_config("orientation")),
    ("10", "Study design", "Sampling", from_config("sampling")),
    ("11", "Study design", "Method of approach", from_config("approach")),
    ("12", "Study design", "Sample size", sample_size),
    ("13", "Study design", "Non-participation", from_config("non_participation")),
    ("14", "Study design", "Setting of data collection", from_config("setting")),
    ("15", "Study design", "Presence of non-participants", both("non_participants", speakers_present)),
    ("16", "Study design", "Description of sample", sample_description),
    ("17", "Study design", "Interview guide", from_config("interview_guide")),
    ("18", "Study design", "Repeat interviews", repeat_interviews),
    ("19", "Study design", "Audio/visual recording", from_config("recording")),
    ("20", "Study design", "Field notes", from_config("field_notes")),
    ("21", "Study design", "Duration", duration),
    ("22", "Study design", "Data saturation", saturation),
    ("23", "Study design", "Transcripts returned", from_config("transcripts_returned")),
    ("24", "Analysis and findings", "Number of data coders", coders),
    ("25", "Analysis and findings", "Description of the coding tree", coding_tree),
    ("26", "Analysis and findings", "Derivation of themes", derivation),
    ("27", "Analysis and findings", "Software", software),
    ("28", "Analysis and findings", "Participant checking", from_config("participant_checking")),
    ("29", "Analysis and findings", "Quotations presented", quotations),
    ("30", "Analysis and findings", "Data and findings consistent", consistency),
    ("31", "Analysis and findings", "Clarity of major themes", major_themes),
    ("32", "Analysis and findings", "Clarity of minor themes", minor_themes),
]

SRQR: list[tuple[str, str, str, Callable[[Inputs], Answer]]] = [
    ("S1", "Title and abstract", "Title", from_article("front:title", "title")),
    ("S2", "Title and abstract", "Abstract", from_article("front:abstract", "abstract")),
    ("S3", "Introduction", "Problem formulation", from_article("heading:Introduction", "introduction")),
    (
        "S4",
        "Introduction",
        "Purpose or research question",
        first_of(from_config("research_question"), from_article("heading:Introduction", "introduction")),
    ),
    (
        "S5",
        "Methods",
        "Qualitative approach and research paradigm",
        first_of(from_config("orientation"), derivation),
    ),
    ("S6", "Methods", "Researcher characteristics and reflexivity", from_config("reflexivity")),
    ("S7", "Methods", "Context", both("setting", _context)),
    ("S8", "Methods", "Sampling strategy", both("sampling", _sampling_data)),
    ("S9", "Methods", "Ethical issues pertaining to human subjects", both("ethics", _ethics)),
    ("S10", "Methods", "Data collection methods", both("recording", duration)),
    ("S11", "Methods", "Data collection instruments and technologies", both("interview_guide", _instruments)),
    ("S12", "Methods", "Units of study", units),
    ("S13", "Methods", "Data processing", processing),
    ("S14", "Methods", "Data analysis", analysis),
    ("S15", "Methods", "Techniques to enhance trustworthiness", trustworthiness),
    ("S16", "Results/findings", "Synthesis and interpretation", major_themes),
    ("S17", "Results/findings", "Links to empirical data", quotations),
    (
        "S18",
        "Discussion",
        "Integration with prior work, implications, transferability and contribution",
        from_article("heading:Discussion", "discussion"),
    ),
    ("S19", "Discussion", "Limitations", from_article("heading:Limitations", "limitations section")),
    ("S20", "Other", "Conflicts of interest", from_config("conflicts")),
    ("S21", "Other", "Funding", from_config("funding")),
]

COLUMNS = ["item", "domain", "topic", "answer", "source", "reported_in"]


def checklist(items: list, inp: Inputs, here: str) -> pd.DataFrame:
    """One row per item: its answer, where the answer comes from and where the article shows it
    (`here` when only this supplement states it; empty when nothing reports it)."""
    rows = []
    for number, domain, topic, fill in items:
        a = fill(inp)
        where = locate(inp.article, a.anchors) if a.anchors else ""
        if a.source == NOT_REPORTED:
            where = ""
        elif not where:
            where = here
        rows.append([number, domain, topic, a.text, a.source, where])
    return pd.DataFrame(rows, columns=COLUMNS)


def filled(table: pd.DataFrame) -> int:
    """Items answered from the data, the configuration or the article (not 'not reported', not
    'not applicable: synthetic corpus')."""
    return int((~table.source.isin([NOT_REPORTED, "synthetic corpus"])).sum())


def coding_tree_table(codebook: dict) -> pd.DataFrame:
    rows = [[t["label"], c["label"], c.get("definition", "")] for t in codebook["themes"] for c in t["codes"]]
    return pd.DataFrame(rows, columns=["Theme", "Code", "Definition"])


# Relative widths of the checklist columns (No., Item, Answer, Source, Reported in): the answer
# gets most of the line; Source is wide enough for the longest study.reporting key on one line.
CHECKLIST_WIDTHS = (5, 18, 48, 26, 18)


def short_source(source: str) -> str:
    """'config (study.reporting.sampling)' -> 'config: sampling'; data sources keep their files
    (the TSV keeps the full form)."""
    parts = []
    for part in source.split("; "):
        kind, _, detail = part.partition(" (")
        detail = detail.rstrip(")").replace("study.reporting.", "")
        parts.append(f"{kind}: {detail}" if detail else kind)
    return "; ".join(parts)


def with_widths(table: str, widths: tuple[int, ...]) -> str:
    """A pipe table with its separator row's dashes set to `widths` (pandoc sizes a wide pipe
    table's columns in proportion to them), keeping each column's alignment."""
    lines = table.split("\n")
    cells = lines[1].strip("|").split("|")
    rule = [
        (":" if c.startswith(":") else "") + "-" * w + (":" if c.endswith(":") else "")
        for c, w in zip(cells, widths, strict=True)
    ]
    lines[1] = "|" + "|".join(rule) + "|"
    return "\n".join(lines)


def fragment(coreq: pd.DataFrame, srqr: pd.DataFrame, tree: pd.DataFrame, n_participants: int) -> str:
    """The supplement: how the checklists were filled, then COREQ, SRQR and the coding tree."""

    def view(t: pd.DataFrame) -> str:
        v = t[["item", "topic", "answer", "source", "reported_in"]].copy()
        v["source"] = v.source.map(short_source)
        v["reported_in"] = v.reported_in.replace("", "—")
        v.columns = ["No.", "Item", "Answer", "Source", "Reported in"]
        return with_widths(md_table(v, "lllll"), CHECKLIST_WIDTHS)

    # the checklists' authors as "et al." only: a bare surname printed in a shareable file may be
    # a registered person's name in some study (the audit would rightly fail on it)
    intro = (
        f"The two reporting checklists below were filled by the pipeline, not by hand: COREQ (Tong et "
        f"al., 2007; {len(coreq)} items) and SRQR (O'Brien et al., 2014; {len(srqr)} items). "
        f"*Source* says where each answer comes from: *data* (a result file the pipeline "
        f"wrote, named), *config* (the study's `study.reporting` configuration), *manuscript* (a "
        f"section of this article), *synthetic corpus* (an item about real people that does not apply "
        f"to a synthetic corpus) or *not reported* (neither the data nor the configuration says). "
        f"*Reported in* names the article's section that shows it. {filled(coreq)} of {len(coreq)} "
        f"COREQ items and {filled(srqr)} of {len(srqr)} SRQR items are answered from the data, the "
        f"configuration or the article. Major and minor themes follow one rule: "
        f"{rule_text(n_participants)}.\n"
    )
    return (
        f"{intro}\n{view(coreq)}\n"
        ": COREQ checklist (consolidated criteria for reporting qualitative research), filled from the "
        "pipeline's results and configuration. {#tbl-coreq}\n\n"
        f"{view(srqr)}\n"
        ": SRQR checklist (standards for reporting qualitative research), filled from the pipeline's "
        "results and configuration. {#tbl-srqr}\n\n"
        f"{with_widths(md_table(tree, 'lll'), (24, 28, 63))}\n"
        ": Coding tree: the codebook's themes and codes with their definitions. {#tbl-codingtree}\n"
    )


def build(inp: Inputs) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(COREQ table, SRQR table, Markdown fragment for the manuscript's supplement)."""
    here = "this checklist"
    coreq = checklist(COREQ, inp, here)
    srqr = checklist(SRQR, inp, here)
    return coreq, srqr, fragment(coreq, srqr, coding_tree_table(inp.codebook), _participants(inp))


def read_transcripts(paths: list[str | Path]) -> dict:
    """The de-identified transcripts (shareable JSON), by id."""
    import json

    out = {}
    for p in sorted(paths, key=str):
        doc = json.loads(Path(p).read_text(encoding="utf-8"))
        out[str(doc.get("id") or Path(p).stem)] = doc
    return out
