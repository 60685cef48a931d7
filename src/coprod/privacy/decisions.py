"""Review decisions: what a researcher decided about a surface form, once per form (not per
mention), in the private zone (`<private_dir>/review/decisions.tsv`, 0600: it holds original
forms). Read by the de-identification (keep: never replaced, as `deidentify.allow`; replace:
always replaced, with its type, as a register entry) and — with this same small loader, which
imports nothing of the detectors — by the audit (keep: accepted; replace: an identifier that
must not appear in any shareable file).

The file is a tab-separated table with a header:

    form	decision	type	who	when
    Brellixo	keep
    Quenthorpe	replace	PERSON	ab	2026-03-01

`decision` is keep or replace; `type` (PERSON, PLACE, ORG or NAME; NAME gives a neutral
"[Name n]") is needed for replace and ignored for keep; `who` and `when` are optional notes.
Blank lines and lines starting with `#` are skipped; trailing empty cells may be left out.
`coprod review-deid --keep FORM` / `--replace FORM --type TYPE` write it; editing it by hand
is as good. Errors name the file and the row, never a value from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .key import write_private
from .normalise import skeleton

COLUMNS = ("form", "decision", "type", "who", "when")
DECISIONS = ("keep", "replace")
TYPES = ("PERSON", "PLACE", "ORG", "NAME")
FIX = "correct that row (form, decision keep|replace, type PERSON|PLACE|ORG|NAME for replace, who, when)"


@dataclass(frozen=True)
class Decision:
    form: str
    decision: str  # keep | replace
    type: str = ""  # PERSON | PLACE | ORG | NAME for replace; "" for keep
    who: str = ""
    when: str = ""


def form_key(form: str) -> str:
    """One form however it is written: folded (case, accents, look-alikes), spaces collapsed."""
    return re.sub(r"\s+", " ", skeleton(form)).strip().casefold()


def load_decisions(path: str | Path | None) -> list[Decision]:
    """Every decision in the file (none if there is no file), each row checked."""
    if path is None or not Path(path).exists():
        return []
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "is not a file", "give the decisions file's path (review/decisions.tsv)")
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # a spreadsheet's BOM too
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text", "save it as UTF-8 (tab-separated)") from None
    rows = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    header = [c.strip().casefold() for c in rows[0][1].split("\t")] if rows else []
    while header and not header[-1]:
        header.pop()
    if len(header) < 3 or header != list(COLUMNS[: len(header)]):
        raise InputError(
            path,
            f"line {rows[0][0] if rows else 1}: the header is not 'form decision type who when' "
            "(tab-separated)",
            "put that header on the first line",
        )
    out: list[Decision] = []
    seen: dict[str, int] = {}
    for n, line in rows[1:]:
        cells = [c.strip() for c in line.split("\t")]
        while len(cells) > len(header) and not cells[-1]:
            cells.pop()  # empty trailing cells (a spreadsheet's padding)
        problem = ""
        if len(cells) > len(header):
            problem = f"has {len(cells)} cells, more than the header's {len(header)}"
        cells += [""] * (len(COLUMNS) - len(cells))
        form, decision, etype, who, when = cells[: len(COLUMNS)]
        decision, etype = decision.casefold(), etype.upper()
        problem = problem or _problem(form, decision, etype)
        if not problem and form_key(form) in seen:
            raise InputError(
                path, f"row {n} decides the same form as row {seen[form_key(form)]}", "keep one row per form"
            )
        if problem:
            raise InputError(path, f"row {n}: {problem}", FIX)
        seen[form_key(form)] = n
        out.append(Decision(form, decision, etype if decision == "replace" else "", who, when))
    return out


def kept(decisions: list[Decision]) -> list[str]:
    """The forms decided keep."""
    return [d.form for d in decisions if d.decision == "keep"]


def replaced(decisions: list[Decision]) -> list[Decision]:
    """The decisions to replace a form."""
    return [d for d in decisions if d.decision == "replace"]


def record_decision(
    path: str | Path, form: str, decision: str, etype: str = "", who: str = "", when: str = ""
) -> list[Decision]:
    """Record one decision: the row of the same form (in any case and spacing) is replaced,
    else a row is added. The file is read and checked first (a bad row is reported, and the
    file left as it was) and written whole, 0600. Returns every decision now in the file."""
    path = Path(path)
    if any(ch in form for ch in "\t\r\n") or any(ch in who for ch in "\t\r\n"):
        raise InputError(path, "a form or name to record holds a tab or line break", "give it on one line")
    decision, etype = decision.casefold(), etype.upper()
    problem = _problem(form.strip(), decision, etype)
    if problem:
        raise InputError(path, f"the decision to record: {problem}", "nothing was written; give it again")
    new = Decision(form.strip(), decision, etype if decision == "replace" else "", who, when)
    decisions = load_decisions(path)  # a bad row is reported, and the file left as it was
    at = next((k for k, d in enumerate(decisions) if form_key(d.form) == form_key(form)), None)
    if at is None:
        decisions.append(new)
    else:  # a re-decided form keeps its place in the file
        decisions[at] = new
    write_private(path, _render(decisions))
    return decisions


def _problem(form: str, decision: str, etype: str) -> str:
    """What is wrong with one decision ("" if nothing); never quotes a value."""
    if not form:
        return "the form is empty"
    if sum(ch.isalpha() for ch in form) < 2:
        return "the form has fewer than 2 letters"
    if decision not in DECISIONS:
        return "the decision must be keep or replace"
    if decision == "replace" and etype not in TYPES:
        return "a replace decision needs a type: PERSON, PLACE, ORG or NAME"
    return ""


def _render(decisions: list[Decision]) -> str:
    rows = ["\t".join(COLUMNS)]
    rows += ["\t".join((d.form, d.decision, d.type, d.who, d.when)) for d in decisions]
    return "\n".join(rows) + "\n"
