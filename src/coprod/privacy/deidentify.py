"""De-identification: the only door from the private zone to the shareable zone.

Layers, each recorded per replacement with its detector and confidence:
  1. the register (people, organisations, places + aliases) with generated name variants;
  2. patterns: e-mail, URL (also without a scheme: any country-code ending), UK phones
     (libphonenumber + spoken digits), postcodes, NHS/CHI and National Insurance numbers,
     full dates (generalised), street addresses; with `deidentify.dates: all`, also years,
     decades, months and named days tied to a life ("[Year]", "[Date]");
  3. gazetteers of public Scottish names (data/reference/);
  4. names not in the register, from open name lists plus context (coprod.names);
  5. quasi-identifiers: a participant's own job title and organisation in their own transcript.
Speaker labels are pseudonymised too. Pseudonyms are typed and readable ("[Person 7]",
"[HSCP C]", "[Place 12]"; "[Name 3]" where nothing says what kind of name it is), consistent
across the corpus and stable across runs because the key is append-only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..ingest import DEFAULT_INTERVIEWER_LABELS, Transcript, read_transcript
from . import wrapped_lines
from .analyzer import MERGEABLE, SEP, Settings, merge_adjacent, resolve_overlaps  # noqa: F401  (re-exported)
from .analyzer import Analyzer as Detector
from .corpus_rules import (  # noqa: F401  (re-exported)
    GENERIC_LABEL_RE,
    PROPAGATE_MIN,
    common_words,
    is_role_label,
    link_people,
    propagate,
    resolve_shared,
    role_phrase_labels,
    speaker_entities,
)
from .decisions import Decision, form_key, kept, load_decisions, replaced
from .described_orgs import drop_descriptions
from .detectors import Span
from .key import LABELS, PseudonymKey, _norm, crash_point, locked, private_dir, write_private  # noqa: F401  (re-exported)
from .publish import (  # noqa: F401  (re-exported)
    PLAN_FORMAT,
    PlanRow,
    _check_targets,
    _digest,
    _write,
    apply_chunk,
    apply_plan,
    published_form,
    render_text,
    write_document,
)
from .recognizers.jurisdictions import drop_jurisdictions
from .recognizers.near_mentions import NearMentionRule
from .recognizers.person_neighbours import PersonNeighbourRule
from .recognizers.register import handles  # noqa: F401  (re-exported)
from .reference import ordinary_words
from .register import Entity, interviewer_labels, load_register, person_variants

# Replaced by their canonical text directly (no numbered pseudonym): generalised values.
DIRECT = {"DATE", "QUASI"}


def quasi_spans(text: str, phrases: list[tuple[str, str]]) -> list[Span]:
    """A participant's own job title / organisation, generalised in their own transcript."""
    out = []
    for phrase, label in phrases:
        rx = re.compile(rf"(?<!\w)(?:the\s+)?{re.escape(phrase)}(?!\w)", re.I)
        out += [Span(m.start(), m.end(), "QUASI", label, "quasi", 1.0) for m in rx.finditer(text)]
    return out


@dataclass
class Replacement:
    transcript: str
    turn: int
    field: str  # "speaker" | "text"
    start: int
    end: int
    type: str
    detector: str
    confidence: float
    original: str
    pseudonym: str
    context: str


def assign(
    spans: list[Span], key: PseudonymKey, links: dict[str, str], transcript: str = ""
) -> list[tuple[Span, str]]:
    """Each span with the label that replaces it (`[label]`): a generalised value as it is, else
    the key's pseudonym for its canonical form (short names linked to their full name first).
    A new key entry for a single word found on weak evidence records its transcript."""
    done = []
    for s in spans:
        if s.type in DIRECT:
            label = s.canonical
        else:
            canonical = links.get(s.canonical, s.canonical) if s.type == "PERSON" else s.canonical
            weak = s.confidence < PROPAGATE_MIN and len(canonical.split()) == 1
            label = key.pseudonym(s.type, canonical, transcript if weak else "")
        done.append((s, label))
    return done


@dataclass
class _Pending:
    """A transcript the detection cache could not serve: what `_Detection` needs, and the keys
    its entries are written under."""

    t: Transcript
    speakers: list[str]
    texts: list[str]
    quasi: list[tuple[str, str]]
    entry: str | None
    latest: str | None
    free: str | None
    hit: tuple | None = None


@dataclass
class _Detection:
    """One transcript's detection, as pass 1 of `deidentify_transcripts` runs it: the detector's
    spans per turn and speaker label (read across wrapped lines), the quasi-identifiers, the
    near mentions and person neighbours. Returns (hit, the register-free memo's entry to write
    or None)."""

    detector: Detector
    cache: object
    near: NearMentionRule
    neighbours: PersonNeighbourRule
    ordinary: object

    def __call__(self, job: _Pending) -> tuple[tuple, dict | None]:
        from . import detection_cache

        detector, t, texts, quasi = self.detector, job.t, job.texts, job.quasi
        if self.cache is not None:
            # what no register entry changes is reused even when the register grew
            detector.unregistered = detection_cache.Unregistered(self.cache.get(job.free))
        n = len(job.speakers)
        results = wrapped_lines.find_turns(detector, job.speakers, texts[:n], texts[n:], self.ordinary)
        text_spans = [
            resolve_overlaps(spans + quasi_spans(turn.text, quasi))
            for turn, spans in zip(t.turns, results, strict=False)
        ]
        # other spellings of the names found: a function of the texts, these spans and the
        # allow-lists, so reused by the spans when a grown register found nothing new here
        memo, turn_texts = detector.unregistered, texts[: len(t.turns)]
        read = detection_cache.spans_digest(text_spans) if memo is not None else ""
        near_spans = memo.get(read, "near", [len(x) for x in turn_texts]) if memo is not None else None
        if near_spans is None:
            near_spans = self.near.apply(turn_texts, text_spans, detector.kept)
            near_spans = self.neighbours.apply(turn_texts, near_spans, detector.kept)
            if memo is not None:
                memo.put(read, "near", near_spans)
        detector.unregistered = None
        dump = memo.dump() if memo is not None and memo.changed() else None
        return (near_spans, results[len(t.turns) :]), dump


# A forked worker's detection (`_detect_all`): set in the parent just before the workers fork.
_FORKED: tuple[_Detection, list[_Pending]] | None = None
# Fewer transcripts to detect than this are detected in this process (an edit's few: forking
# and sending the spans back would cost more than it saves).
PARALLEL_MIN = 32


def _detect_some(rows: list[int]) -> list[tuple[tuple, dict | None]]:
    detect, todo = _FORKED
    return [detect(todo[i]) for i in rows]


def _detect_all(
    todo: list[_Pending], detect: _Detection, workers: int = 1
) -> list[tuple[tuple, dict | None]]:
    """`detect` of every pending transcript, in order. With `workers` > 1 (the job's threads; on
    Linux) and at least `PARALLEL_MIN` of them, in that many forked processes, each detecting
    runs of consecutive transcripts with its copy of the detector: a transcript's detection
    depends on nothing the detector keeps from another (what it keeps are memos of values,
    and the cache is keyed by content), so the spans are those of one process."""
    global _FORKED
    if workers <= 1 or len(todo) < PARALLEL_MIN or not sys.platform.startswith("linux"):
        return [detect(job) for job in todo]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(16, len(todo) // (4 * workers)))
    parts = [list(range(i, min(i + size, len(todo)))) for i in range(0, len(todo), size)]
    _FORKED = (detect, todo)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [got for part in pool.map(_detect_some, parts) for got in part]
    finally:
        _FORKED = None


def deidentify_transcripts(
    transcripts: list[Transcript],
    entities: list[Entity],
    key: PseudonymKey,
    settings: Settings | None = None,
    participants: dict[str, tuple[str, str]] | None = None,
    cache=None,
    publish: bool = True,
    workers: int = 1,
) -> tuple[list[dict], list[Replacement]]:
    """De-identify parsed transcripts (sorted by id for a stable pseudonym order).

    `participants` maps transcript id -> (participant_id, group) for quasi-identifiers.
    `cache` (a private `coprod.cache.ContentCache`): each transcript's detection is reused when
    its texts, the analyzer's configuration and the corpus words it contains are unchanged
    (`coprod.privacy.detection_cache`); when only the register changed, what the recognizers
    that read no register entry found in it is (`detection_cache.Unregistered`). The
    corpus-wide steps after it always run.
    `publish=False`: the log (the plan) only, no published documents (an empty list): the
    workflow's corpus step writes plans and each chunk job publishes its own.
    `workers` > 1: the transcripts to detect (all of them cold) are detected in that many forked
    processes (`_detect_all`); the output is the same with any number.
    """
    settings = settings or Settings()
    transcripts = [published_form(t) for t in sorted(transcripts, key=lambda t: t.id)]
    # a role the labels name ("Key Worker:") is that role in speech too: kept, as if allowed
    # a registered person's name is never a role, whatever the study's languages count as words
    registered = frozenset(
        _norm(v)
        for e in entities
        if e.type == "PERSON"
        for form in (e.name, *e.aliases)
        for v in person_variants(form)
    )

    def role_label(label: str) -> bool:
        return _norm(label) not in registered and is_role_label(label, (), settings.allow, settings.languages)

    roles = tuple(
        r
        for r in role_phrase_labels(transcripts, settings.allow, settings.languages)
        if _norm(r) not in registered
    )
    if roles:
        settings = replace(settings, allow=(*settings.allow, *roles))
    analyzed = entities + speaker_entities(transcripts, entities, settings.allow, settings.languages)
    corpus_words = common_words(transcripts)
    detector = Detector(analyzed, settings, corpus_words)
    by_pid = {e.participant_id: e for e in entities if e.participant_id}
    ordinary = ordinary_words(tuple(settings.languages), str(settings.reference_dir))
    near = NearMentionRule(settings, ordinary)
    neighbours = PersonNeighbourRule(settings, ordinary)
    if cache is not None:
        from . import detection_cache

        base = detection_cache.analyzer_key(analyzed, settings)
        free_base = detection_cache.analyzer_key([], settings)  # the same without the register
        words = detection_cache.CommonWords(corpus_words)
        changes: dict[str, detection_cache.RegisterChange | None] = {}
        registered = [False]  # whether this register's entry is known to be stored

        def change_from(old: str) -> detection_cache.RegisterChange | None:
            """What moved between the register `old` (the analyzer a transcript's last
            detection was made under) and this one; None when that register is not stored
            whole or the change is too large to check text by text."""
            if old not in changes:
                before = detection_cache.load_register(
                    cache.get(detection_cache.register_key(old)), settings, old
                )
                change = (
                    detection_cache.RegisterChange(before, analyzed, settings) if before is not None else None
                )
                changes[old] = (
                    change if change is not None and change.size <= detection_cache.MAX_CHANGED else None
                )
            return changes[old]

        def keep_latest(latest: str, hit: tuple[list, list]) -> None:
            if not registered[0]:
                if cache.get(detection_cache.register_key(base)) is None:
                    cache.put(
                        detection_cache.register_key(base),
                        detection_cache.dump_register(analyzed),
                        evict=False,
                    )
                registered[0] = True
            cache.put(latest, detection_cache.dump(*hit, base=base), evict=False)

    # pass 1: detect everywhere. Each transcript's detection is a function of its texts, the
    # analyzer and the corpus words (what the cache keys): the transcripts the cache cannot
    # serve are detected after the look-ups, side by side in `workers` forked processes when
    # there are enough of them (`_detect_all`), and their entries written here in order.
    found: dict[tuple[str, int, str], list[Span]] = {}
    todo: list[_Pending] = []
    jobs: list[tuple[Transcript, list, tuple | None]] = []
    for t in transcripts:
        quasi = []
        pid, group = (participants or {}).get(t.id, ("", ""))
        person = by_pid.get(pid)
        if person is not None:
            quasi += [(p, settings.role_labels.get(group, "participant's role")) for p in person.job_titles]
            quasi += [
                (p, settings.org_labels.get(group, "participant's organisation"))
                for p in person.organisations
            ]
        labels = [turn for turn in t.turns if not role_label(turn.speaker)]
        texts = [turn.text for turn in t.turns] + [turn.speaker for turn in labels]
        hit = None
        speakers = [turn.speaker for turn in t.turns]
        entry = latest = free = None
        if cache is not None:
            # which turns are read across their wrapped lines depends on the speakers too
            runs = wrapped_lines.runs(speakers, texts[: len(speakers)])
            joins = [("wrapped-lines", wrapped_lines.signature(runs))]
            reading = detection_cache.Reading(texts)
            reached = detection_cache.reach(texts, words, settings.allow, reading)
            entry = detection_cache.transcript_key(base, texts, quasi + joins, words, reached=reached)
            hit = detection_cache.load(cache.get(entry), texts, len(t.turns))
            latest = detection_cache.latest_key(free_base, texts, quasi + joins, reached)
            if hit is None:
                # the last detection under another register, where what that register and this
                # one differ by cannot reach (`detection_cache.RegisterChange`)
                last = cache.get(latest)
                old = last.get("base") if last is not None else None
                change = change_from(old) if isinstance(old, str) and old != base else None
                if old == base or (change is not None and not change.touches(reading)):
                    hit = detection_cache.load(last, texts, len(t.turns))
                    if hit is not None and old == base:  # its entry was lost: found directly next time
                        cache.put(entry, detection_cache.dump(*hit), evict=False)
                    # Under another register it is not written again (two writes per transcript
                    # were a sixth of an add-one's corpus step): the next run finds it here again,
                    # through the change from `old`, until that change grows past REWRITE_AFTER.
                    elif hit is not None and change.size > detection_cache.REWRITE_AFTER:
                        cache.put(entry, detection_cache.dump(*hit), evict=False)
                        keep_latest(latest, hit)
            if hit is None:
                # what no register entry changes is reused even when the register grew
                free = detection_cache.unregistered_key(free_base, texts, reached)
        if hit is None:
            todo.append(_Pending(t, speakers, texts, quasi, entry, latest, free))
        jobs.append((t, labels, hit))
    detected = iter(_detect_all(todo, _Detection(detector, cache, near, neighbours, ordinary), workers))
    for pending in todo:
        pending.hit, memo = next(detected)
        if cache is not None:
            cache.put(pending.entry, detection_cache.dump(*pending.hit), evict=False)
            keep_latest(pending.latest, pending.hit)
            if memo is not None:
                cache.put(pending.free, memo, evict=False)
    pending_hits = iter(pending.hit for pending in todo)
    for t, labels, hit in jobs:
        if hit is None:
            hit = next(pending_hits)
        text_spans = hit[0]
        for turn, spans in zip(t.turns, text_spans, strict=True):
            found[(t.id, turn.order, "text")] = spans
        for turn, spans in zip(labels, hit[1], strict=True):
            found[(t.id, turn.order, "speaker")] = spans
    if cache is not None:
        cache.evict()  # once, not after each of the 2N entries written (each globs the folder)
    drop_descriptions(found, transcripts, ordinary)  # "the Coffee Bar" the corpus writes in lower case
    drop_jurisdictions(found, transcripts, detector)  # the city a hearing's testimony is about
    resolve_shared(found, transcripts, detector, participants or {}, by_pid)
    propagate(found, transcripts, detector)
    links = link_people([s for spans in found.values() for s in spans], key)
    # pass 2: assign labels in document order, so pseudonym numbers follow first mention; the
    # log is the plan every published text is built from (apply_plan)
    docs, log = [], []
    for t in transcripts:
        first = len(log)
        for turn in t.turns:
            for name, value in (("speaker", turn.speaker), ("text", turn.text)):
                spans = found.get((t.id, turn.order, name), [])
                if name == "speaker" and not role_label(value) and not spans:
                    spans = [Span(0, len(value), "PERSON", value, "speaker-label", 1.0)]
                for span, label in assign(spans, key, links, t.id):
                    ctx = value[max(0, span.start - 40) : span.end + 40]
                    log.append(
                        Replacement(
                            t.id,
                            turn.order,
                            name,
                            span.start,
                            span.end,
                            span.type,
                            span.detector,
                            span.confidence,
                            value[span.start : span.end],
                            label,
                            ctx,
                        )
                    )
        if publish:
            docs.append(apply_plan(t, log[first:]))
        # a file named after a person stays private; say so in the private review log
        stem = Path(t.source).stem if t.source else ""
        for span in detector.find(stem.replace("_", " ")) if stem else []:
            log.append(
                Replacement(
                    t.id, -1, "file_name", span.start, span.end, span.type, span.detector, span.confidence,
                    stem[span.start : span.end], "(file name: not published)", stem,
                )
            )  # fmt: skip
    return docs, log


REVIEW_COLUMNS = [
    "transcript",
    "turn",
    "field",
    "start",
    "end",
    "type",
    "detector",
    "confidence",
    "original",
    "pseudonym",
    "context",
]


def write_review(path: Path, log: list[Replacement]) -> None:
    """Private review file: every replacement with original text and context (0600)."""
    rows = ["\t".join(REVIEW_COLUMNS)]
    for r in log:
        vals = [str(getattr(r, c)) for c in REVIEW_COLUMNS]
        rows.append("\t".join(v.replace("\t", " ").replace("\n", " ") for v in vals))
    write_private(path, "\n".join(rows) + "\n")


def review_table(path: Path, top: int = 40, decisions_path: Path | None = None) -> str:
    """The replacements a human should glance at, as a terminal table: grouped by surface form
    and type, weakest evidence first, with counts and one line of context. Private (it prints
    original text). A form already decided (`decisions_path`) says so; the last line says how
    to record a decision."""
    import csv

    if not Path(path).exists():
        raise InputError(path, "no review log yet", "run the pipeline (make) first")
    decided = {form_key(d.form): d.decision for d in load_decisions(decisions_path)}
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["type"] not in DIRECT and row["field"] != "file_name":
                groups[(row["original"], row["type"])].append(row)
    order = sorted(
        groups.items(), key=lambda kv: (min(float(r["confidence"]) for r in kv[1]), -len(kv[1]), kv[0])
    )
    lines = [
        f"{'conf':>4}  {'n':>4}  {'type':<7} {'surface form':<28} {'decided':<7} {'detector':<22} context"
    ]
    for (form, etype), rows in order[:top]:
        conf = min(float(r["confidence"]) for r in rows)
        ctx = " ".join(rows[0]["context"].split())[:70]
        mark = decided.get(form_key(form), "-")
        lines.append(
            f"{conf:>4.2f}  {len(rows):>4}  {etype:<7} {form[:28]:<28} {mark:<7} "
            f"{rows[0]['detector'][:22]:<22} {ctx}"
        )
    lines.append(
        f"{len(groups)} surface forms, {sum(len(v) for v in groups.values())} replacements, "
        f"{len(decided)} decision(s) recorded; decide a form once: `coprod review-deid --keep FORM` "
        "(a false positive: never replaced) or `--replace FORM --type PERSON|PLACE|ORG|NAME` "
        f"({decisions_path or 'review/decisions.tsv'}, private; de-identification and the audit both read it)"
    )
    return "\n".join(lines)


def summary_rows(log: list[Replacement], ids: list[str]) -> str:
    """Shareable summary: counts of replacements by transcript, type and detector (no text)."""
    counts = Counter((r.transcript, r.type, r.detector) for r in log)
    lines = ["transcript\ttype\tdetector\tcount"]
    lines += [f"{t}\t{ty}\t{d}\t{n}" for (t, ty, d), n in sorted(counts.items())]
    missing = sorted(set(ids) - {t for t, _, _ in counts})
    lines += [f"{t}\tNONE\t-\t0" for t in missing]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ plans: detect once, apply per chunk
def plan_rows(log: list[Replacement]) -> dict[str, list]:
    """The log as plan rows (turn, field, start, end, label) by transcript, file names left out."""
    rows: dict[str, list] = defaultdict(list)
    for r in log:
        if r.field != "file_name":
            rows[r.transcript].append([r.turn, r.field, r.start, r.end, r.pseudonym])
    return rows


def plan_payload(transcripts: list[Transcript], rows: dict[str, list]) -> str:
    """A private plan (offsets and labels, no original text) for these transcripts."""
    body = {
        t.id: {"digest": _digest(published_form(t)), "replacements": rows.get(t.id, [])} for t in transcripts
    }
    return json.dumps({"format": PLAN_FORMAT, "transcripts": body}, ensure_ascii=False, sort_keys=True) + "\n"


def _refuse_overwrite(inputs: list[Path], out_dir: Path, others: list[Path | None]) -> None:
    """Inputs (transcripts, the register) are read-only: no output may be an input or sit in a
    folder holding one."""
    folders = {Path(p).resolve().parent for p in inputs}
    files = {Path(p).resolve() for p in inputs}
    if Path(out_dir).resolve() in folders:
        raise InputError(
            out_dir,
            "the output folder holds input transcripts (or the register)",
            "choose a new, separate --out folder",
        )
    for o in others:
        if o is None:
            continue
        if Path(o).resolve() in files:
            raise InputError(o, "this output path is an input file", "choose another path")


def deidentify_files(
    inputs: list[Path],
    register: Path | None,
    key_path: Path,
    out_dir: Path,
    review_path: Path | None = None,
    summary_path: Path | None = None,
    extra_interviewer_labels: tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS,
    json_out: bool = True,
    transcripts: list[Transcript] | None = None,
    settings: Settings | None = None,
    participants: dict[str, tuple[str, str]] | None = None,
    plans: dict[Path, list[str]] | None = None,
    decisions_path: Path | None = None,
    cache=None,
    workers: int = 1,
) -> list[str]:
    """Raw or parsed transcripts -> `out_dir/<id>.txt` (+ `.json`), extending the key.

    `cache`: a private `coprod.cache.ContentCache` of per-transcript detection
    (`deidentify_transcripts`). `workers`: processes the transcripts the cache cannot serve are
    detected in (`deidentify_transcripts`; the same output with any number).

    `decisions_path`: the private review decisions (`coprod.privacy.decisions`): a form decided
    keep is never replaced (as `deidentify.allow`), one decided replace always is, with its type
    (as a register entry: a person's first name and surname alone too).

    With `plans` (plan file -> the transcript ids it covers; the workflow's chunks) nothing is
    published here: each plan file is written (private) for `apply_chunk` to publish its chunk.

    Everything is read and checked before anything is written, so bad input leaves no partial
    outputs and the key is untouched.
    """
    if transcripts is None:  # standalone use: inputs (and the register) are read-only
        _refuse_overwrite(
            [*inputs, *([register] if register else [])], out_dir, [review_path, summary_path, key_path]
        )
    entities = load_register(register) if register else []
    settings, entities = with_decisions(settings or Settings(), entities, load_decisions(decisions_path))
    with locked(key_path):  # one read–assign–write cycle at a time on this key
        return _deidentify_files_locked(
            inputs, entities, key_path, out_dir, review_path, summary_path, extra_interviewer_labels,
            json_out, transcripts, settings, participants, plans, cache, workers,
        )  # fmt: skip


def with_decisions(
    settings: Settings, entities: list[Entity], decisions: list[Decision]
) -> tuple[Settings, list[Entity]]:
    """The review decisions applied: keep joins the allow-list, replace the register."""
    if not decisions:
        return settings, entities
    allow = tuple(dict.fromkeys([*settings.allow, *kept(decisions)]))
    known = {(e.type, form_key(e.name)) for e in entities}
    extra = [Entity(d.type, d.form) for d in replaced(decisions) if (d.type, form_key(d.form)) not in known]
    return replace(settings, allow=allow), [*entities, *extra]


def _deidentify_files_locked(
    inputs, entities, key_path, out_dir, review_path, summary_path, extra_interviewer_labels,
    json_out, transcripts, settings, participants, plans, cache=None, workers=1,
) -> list[str]:  # fmt: skip
    key = PseudonymKey.load(key_path)
    if transcripts is None:
        labels = tuple(extra_interviewer_labels) + tuple(interviewer_labels(entities))
        # shareable ids are opaque (t001, t002 … in input order): file names stay private,
        # because transcripts are often named after the person interviewed
        width = max(3, len(str(len(inputs))))
        transcripts = [read_transcript(p, labels, f"t{k:0{width}d}") for k, p in enumerate(inputs, start=1)]
    ids = [t.id for t in transcripts]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise InputError(
            dupes[0], "two inputs share this file stem", "rename one so every transcript id is unique"
        )
    if plans is None:
        _check_targets(out_dir, ids, json_out, [review_path, summary_path])
    else:
        covered = Counter(i for chunk in plans.values() for i in chunk)
        if sorted(covered) != sorted(ids) or any(n > 1 for n in covered.values()):
            raise InputError(
                "de-identification plans", "the chunks do not cover every transcript exactly once",
                "report this as a bug",
            )  # fmt: skip
        _check_targets(Path(next(iter(plans))).parent, [], False, [*plans, review_path, summary_path])
    # with plans, each chunk job publishes its transcripts from them: none is published here
    docs, log = deidentify_transcripts(
        transcripts, entities, key, settings, participants, cache, publish=plans is None, workers=workers
    )
    # the key first, durably: a run killed after this never leaves published text (or a plan)
    # whose pseudonyms the next run could give to someone else
    key.save(key_path)
    if plans is None:
        for doc in docs:
            write_document(out_dir, doc, json_out)
    else:
        by_id, rows = {t.id: t for t in transcripts}, plan_rows(log)  # the log grouped once
        for path, chunk in plans.items():
            write_private(path, plan_payload([by_id[i] for i in chunk], rows))
    if review_path:
        write_review(review_path, log)
    if summary_path:
        _write(summary_path, summary_rows(log, ids))
    return sorted(ids)
