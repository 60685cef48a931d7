"""De-identification: the only door from the private zone to the shareable zone.

First layer (the spine): register entities with name variants, speaker labels, and patterns for
e-mail, URL, UK phone numbers (libphonenumber, region GB) and UK postcodes. Every replacement
is logged privately with its detector; pseudonyms are consistent across the corpus and stable
across runs because the key is append-only.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from .errors import InputError
from .ingest import DEFAULT_INTERVIEWER_LABELS, Transcript, read_transcript
from .register import Entity, interviewer_labels, load_register, person_variants, variants

KEY_FORMAT = "coprod-pseudonym-key/1"
LABELS = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "PLACE": "Place",
    "EMAIL": "Email",
    "PHONE": "Phone",
    "POSTCODE": "Postcode",
    "URL": "URL",
}
# Speaker labels that identify nobody and are kept as they are.
GENERIC_LABEL_RE = re.compile(
    r"^(?:interviewer|respondent|participant|researcher|facilitator|moderator|interviewee|"
    r"speaker|int|resp|i|r|q|a|p|f|m)\s*\d{0,3}$",
    re.I,
)
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"']+|"
    r"(?<![\w@.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org\.uk|gov\.uk|co\.uk|ac\.uk|nhs\.uk|scot|com|org|net)"
    r"(?:/[^\s<>\"']*)?(?![\w@])",
    re.I,
)
# Royal Mail format: outward (A9, A99, A9A, AA9, AA99, AA9A) + inward (9AA); GIR 0AA.
POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    canonical: str
    detector: str
    confidence: float


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


class PseudonymKey:
    """Append-only map (type, original) -> pseudonym. Private; never written to results/."""

    def __init__(self, entries: list[dict] | None = None) -> None:
        self.entries: list[dict] = list(entries or [])
        self._index = {(e["type"], _norm(e["original"])): e["pseudonym"] for e in self.entries}
        self._counts = Counter(e["type"] for e in self.entries)

    @classmethod
    def load(cls, path: str | Path) -> PseudonymKey:
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != KEY_FORMAT:
                raise ValueError("unknown format")
            return cls(data["entries"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(
                path,
                "not a pseudonym key written by coprod",
                "restore it from backup or point --key elsewhere",
            ) from None

    def pseudonym(self, etype: str, original: str) -> str:
        key = (etype, _norm(original))
        if key not in self._index:
            self._counts[etype] += 1
            label = f"{LABELS[etype]} {self._counts[etype]}"
            self.entries.append({"type": etype, "original": original, "pseudonym": label})
            self._index[key] = label
        return self._index[key]

    def originals(self) -> list[tuple[str, str]]:
        return [(e["original"], e["pseudonym"]) for e in self.entries]

    def save(self, path: str | Path) -> None:
        """Write atomically with mode 0600 in a 0700 directory."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": KEY_FORMAT, "entries": self.entries}, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.chmod(tmp, 0o600)
        tmp.replace(path)


class Detector:
    """Finds identifier spans in text. Built once per corpus from the register + speaker labels."""

    def __init__(self, entities: list[Entity]) -> None:
        self.canonical: dict[tuple[str, str], tuple[str, str]] = {}  # (form, case) -> (type, name)
        for ent in sorted(entities, key=lambda e: (e.type, e.name)):
            for form in variants(ent):
                self.canonical.setdefault((form, "cs"), (ent.type, ent.name))
                if " " in form:  # multi-word forms are safe to match case-insensitively
                    self.canonical.setdefault((form.casefold(), "ci"), (ent.type, ent.name))
        self._cs = self._compile([f for f, c in self.canonical if c == "cs"], 0)
        self._ci = self._compile([f for f, c in self.canonical if c == "ci"], re.I)

    @staticmethod
    def _compile(forms: list[str], flags: int) -> re.Pattern | None:
        if not forms:
            return None
        alts = "|".join(re.escape(f) for f in sorted(set(forms), key=lambda f: (-len(f), f)))
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", flags)

    def find(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for rx, case in ((self._cs, "cs"), (self._ci, "ci")):
            if rx is None:
                continue
            for m in rx.finditer(text):
                form = m.group(0) if case == "cs" else m.group(0).casefold()
                etype, name = self.canonical[(form, case)]
                spans.append(Span(m.start(), m.end(), etype, name, "register", 1.0))
        for m in EMAIL_RE.finditer(text):
            spans.append(Span(m.start(), m.end(), "EMAIL", m.group(0).lower(), "pattern:email", 1.0))
        for m in URL_RE.finditer(text):
            end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip(".,;:)!?")))
            spans.append(Span(m.start(), end, "URL", text[m.start() : end].lower(), "pattern:url", 0.95))
        for m in POSTCODE_RE.finditer(text):
            code = m.group(0).replace(" ", "")
            spans.append(
                Span(m.start(), m.end(), "POSTCODE", f"{code[:-3]} {code[-3:]}", "pattern:postcode", 0.95)
            )
        for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            if not is_phone(m):
                continue
            e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            spans.append(Span(m.start, m.end, "PHONE", e164, "pattern:phone", 0.9))
        return resolve_overlaps(spans)


def is_phone(match: phonenumbers.PhoneNumberMatch) -> bool:
    """libphonenumber's VALID numbers, plus full-length UK numbers it calls merely possible
    (Ofcom's drama ranges, e.g. 07700 900xxx); short digit runs such as years are not phones."""
    if phonenumbers.is_valid_number(match.number):
        return True
    digits = re.sub(r"\D", "", match.raw_string)
    return len(digits) >= 10 and match.raw_string.lstrip("(").startswith(("0", "+44"))


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest span where spans overlap (earliest first on ties)."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.type)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def speaker_entities(transcripts: list[Transcript], entities: list[Entity]) -> list[Entity]:
    """Speaker labels that are names become PERSON entities (so an unregistered name in a label
    is still replaced everywhere it is said); names already in the register map onto it."""
    known = {}
    for e in entities:
        if e.type == "PERSON":
            for form in (e.name, *e.aliases):
                for v in person_variants(form):
                    known.setdefault(_norm(v), e)
    extra = {}
    for t in transcripts:
        for turn in t.turns:
            label = turn.speaker
            if GENERIC_LABEL_RE.match(label) or _norm(label) in known:
                continue
            extra.setdefault(label, Entity("PERSON", label))
    return [extra[k] for k in sorted(extra)]


@dataclass
class Replacement:
    transcript: str
    turn: int
    type: str
    detector: str
    confidence: float
    original: str
    pseudonym: str
    context: str


def apply(text: str, spans: list[Span], key: PseudonymKey) -> tuple[str, list[tuple[Span, str]]]:
    """Replace spans with `[Pseudonym N]`; return new text and (span, pseudonym) pairs."""
    out, pos, done = [], 0, []
    for s in spans:
        label = key.pseudonym(s.type, s.canonical)
        out += [text[pos : s.start], f"[{label}]"]
        pos = s.end
        done.append((s, label))
    out.append(text[pos:])
    return "".join(out), done


def speaker_label(label: str, detector: Detector, key: PseudonymKey) -> str:
    if GENERIC_LABEL_RE.match(label):
        return label
    spans = detector.find(label)
    if spans and spans[0].start == 0 and spans[0].end == len(label):
        return f"[{key.pseudonym(spans[0].type, spans[0].canonical)}]"
    return apply(label, spans, key)[0] if spans else f"[{key.pseudonym('PERSON', label)}]"


def deidentify_transcripts(
    transcripts: list[Transcript], entities: list[Entity], key: PseudonymKey
) -> tuple[list[dict], list[Replacement]]:
    """De-identify parsed transcripts (sorted by id for a stable pseudonym order)."""
    transcripts = sorted(transcripts, key=lambda t: t.id)
    detector = Detector(entities + speaker_entities(transcripts, entities))
    docs, log = [], []
    for t in transcripts:
        turns = []
        for turn in t.turns:
            speaker = speaker_label(turn.speaker, detector, key)
            text, done = apply(turn.text, detector.find(turn.text), key)
            for span, label in done:
                ctx = turn.text[max(0, span.start - 40) : span.end + 40]
                log.append(
                    Replacement(
                        t.id,
                        turn.order,
                        span.type,
                        span.detector,
                        span.confidence,
                        turn.text[span.start : span.end],
                        label,
                        ctx,
                    )
                )
            turns.append(
                {
                    "order": turn.order,
                    "role": turn.role,
                    "speaker": speaker,
                    "text": text,
                    "start": turn.start,
                    "end": turn.end,
                }
            )
        docs.append({"id": t.id, "format": t.format, "turns": turns})
    return docs, log


def render_text(doc: dict) -> str:
    """The contract format: one turn per paragraph, `Speaker: text`, blank line between turns."""
    return "\n\n".join(f"{t['speaker']}: {t['text']}" for t in doc["turns"]) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_review(path: Path, log: list[Replacement]) -> None:
    """Private review file: every replacement with original text and context (0600)."""
    cols = ["transcript", "turn", "type", "detector", "confidence", "original", "pseudonym", "context"]
    rows = ["\t".join(cols)]
    for r in log:
        vals = [str(getattr(r, c)) for c in cols]
        rows.append("\t".join(v.replace("\t", " ").replace("\n", " ") for v in vals))
    _write(path, "\n".join(rows) + "\n")
    os.chmod(path, 0o600)


def summary_rows(log: list[Replacement], ids: list[str]) -> str:
    """Shareable summary: counts of replacements by transcript, type and detector (no text)."""
    counts = Counter((r.transcript, r.type, r.detector) for r in log)
    lines = ["transcript\ttype\tdetector\tcount"]
    lines += [f"{t}\t{ty}\t{d}\t{n}" for (t, ty, d), n in sorted(counts.items())]
    missing = sorted(set(ids) - {t for t, _, _ in counts})
    lines += [f"{t}\tNONE\t-\t0" for t in missing]
    return "\n".join(lines) + "\n"


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
) -> list[str]:
    """Raw or parsed transcripts -> `out_dir/<id>.txt` (+ `.json`), extending the key.

    Everything is read and checked before anything is written, so bad input leaves no partial
    outputs and the key is untouched.
    """
    entities = load_register(register) if register else []
    key = PseudonymKey.load(key_path)
    if transcripts is None:
        labels = tuple(extra_interviewer_labels) + tuple(interviewer_labels(entities))
        transcripts = [read_transcript(p, labels) for p in inputs]
    ids = [t.id for t in transcripts]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(
            dupes[0], "two inputs share this file stem", "rename one so every transcript id is unique"
        )
    docs, log = deidentify_transcripts(transcripts, entities, key)
    for doc in docs:
        _write(out_dir / f"{doc['id']}.txt", render_text(doc))
        if json_out:
            _write(
                out_dir / f"{doc['id']}.json",
                json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            )
    if review_path:
        write_review(review_path, log)
    if summary_path:
        _write(summary_path, summary_rows(log, ids))
    key.save(key_path)
    return sorted(ids)
