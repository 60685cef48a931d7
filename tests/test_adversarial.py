"""The privacy boundary on hostile input nobody on the team wrote (issue 11).

The cases in `tests/fixtures/adversarial/cases.yaml` were written by a helper briefed only with
the issue text; this harness only runs them. Every case ends either in a clear refusal (one
line, the project's own error type, nothing written) or in a completed run whose every
shareable byte *and file name* holds none of the case's forbidden strings, checked by an
independent scan (NFKD + casefold + zero-width characters removed, substring) that shares no
code with the detectors or the audit.
"""

from __future__ import annotations

import gzip
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from coprod.codes_statements import quotes_markdown
from coprod.errors import CoprodError, LeakError
from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript
from coprod.privacy.audit import audit_tree
from coprod.privacy.deidentify import deidentify_files
from coprod.privacy.register import interviewer_labels, load_register
from coprod.privacy.sheet import check_descriptors
from coprod.render import pandoc_path, resolve_shortcodes
from coprod.segment import read_participants

CASES = yaml.safe_load(
    (ROOT / "tests" / "fixtures" / "adversarial" / "cases.yaml").read_text(encoding="utf-8")
)
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u2063\u180e"), None)


def independent(text: str) -> str:
    """The issue's independent scan: NFKD, casefold, zero-width characters removed."""
    return unicodedata.normalize("NFKD", text).casefold().translate(ZERO_WIDTH)


def shareable_text(root: Path) -> str:
    """Every file name and every byte under `root`, as text (zips opened, gzip inflated)."""
    parts = []
    for f in sorted(root.rglob("*")):
        parts.append(str(f.relative_to(root)))
        if f.is_file():
            data = f.read_bytes()
            if f.suffix in (".docx", ".zip", ".qdpx"):
                with zipfile.ZipFile(f) as zf:
                    data = b"\n".join(zf.read(n) for n in zf.namelist())
            parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def active_markup(html: str) -> str:
    """The document's live tags and attributes (what a browser obeys), text nodes left out."""
    from html.parser import HTMLParser

    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in attrs) + ">")
            tags.extend(f"{k}={v} {k}='{v}' {k}={v}" for k, v in attrs)

        def handle_comment(self, data):
            tags.append(f"<!--{data}-->")

    Tags().feed(html)
    return "\n".join(tags)


def write_transcripts(case: dict, folder: Path) -> list[Path]:
    paths = []
    for t in case.get("transcripts") or []:
        enc = t.get("encoding", "utf-8")
        data = t["text"].encode(enc)
        inject = t.get("inject_bytes")
        if inject:
            after = inject["after"].encode(enc)
            k = data.index(after) + len(after)
            data = data[:k] + bytes.fromhex(inject["hex"]) + data[k:]
        path = folder / t["name"]
        path.write_bytes(data)
        paths.append(path)
    return paths


def run_deid(case: dict, tmp: Path) -> Path:
    """Ingest + sheet check + de-identification + audit, as the pipeline runs them."""
    raw, out = tmp / "raw", tmp / "results"
    raw.mkdir()
    register = None
    if case.get("register"):
        register = tmp / "register.yaml"
        register.write_text(case["register"], encoding="utf-8")
    files = write_transcripts(case, raw)
    entities = load_register(register) if register else []
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(entities)
    participants, ids = None, {}
    if case.get("participants"):
        sheet_path = tmp / "participants.tsv"
        sheet_path.write_bytes(case["participants"].encode("utf-8"))
        sheet = read_participants(sheet_path)
        check_descriptors(sheet, sheet_path, register)
        ids = dict(zip(sheet.file, sheet.transcript_id, strict=True))
        participants = {r.transcript_id: (r.participant_id, r.group) for r in sheet.itertuples()}
    transcripts = [
        read_transcript(p, labels, ids.get(p.name, f"t{k:03d}")) for k, p in enumerate(files, start=1)
    ]
    key, review = tmp / "private" / "key.json", tmp / "private" / "review.tsv"
    deidentify_files(
        [], register, key, out / "deidentified", review_path=review, transcripts=transcripts,
        participants=participants,
    )  # fmt: skip
    audit_tree(
        out, key, register, review, tmp / "private" / "audit.tsv", hits_path=tmp / "private" / "hits.tsv"
    )
    return out


def render_quotes(case: dict, tmp: Path) -> str:
    """De-identify the speech, quote it in a manuscript fragment, render it to HTML."""
    import pandas as pd
    import pypandoc  # noqa: F401  (pandoc binary)

    target = case.get("include_target")
    project = tmp / "manuscript"
    project.mkdir()
    if target:
        tp = Path(target["path"])
        tp = tp if tp.is_absolute() else project / tp
        tp.write_text(target["text"], encoding="utf-8")
    out = run_deid(case, tmp)
    texts = [p.read_text(encoding="utf-8") for p in sorted((out / "deidentified").glob("*.txt"))]
    rows = [
        {"code_id": "c1", "rank": k, "text": line.split(": ", 1)[-1], "participant_id": "P01",
         "group": "local",
         "site_id": "site_a"}
        for k, line in enumerate((ln for t in texts for ln in t.split("\n\n") if ln.strip()), start=1)
    ]  # fmt: skip
    (project / "_quotes.md").write_text(
        quotes_markdown(pd.DataFrame(rows), "c1", n=len(rows)), encoding="utf-8"
    )
    (project / "index.qmd").write_text("# Findings\n\n{{< include _quotes.md >}}\n", encoding="utf-8")
    source = resolve_shortcodes((project / "index.qmd").read_text(), {}, project, "index.qmd")
    import subprocess

    proc = subprocess.run(
        [pandoc_path(), "--from", "markdown", "--to", "html", "--standalone", "--metadata", "title=t"],
        input=source, capture_output=True, text=True, cwd=project, check=True,
    )  # fmt: skip
    return proc.stdout


def plant(case: dict, tmp: Path) -> Path:
    """A clean run's results folder, then the case's file planted in it."""
    root = tmp / "run"
    (root / "results" / "deidentified").mkdir(parents=True)
    (root / "results" / "deidentified" / "t01.txt").write_text("Interviewer: Hello [Person 1].\n")
    spec = case["plant"]
    path = root / spec["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    text, fmt = spec["text"], spec["format"]
    if fmt == "gz":
        data = gzip.compress(text.encode("utf-8"), mtime=0)
    elif fmt == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("project.qde" if path.suffix == ".qdpx" else "member.txt", text)
        data = buf.getvalue()
    elif fmt == "xlsx":
        data = _xlsx(text)
    elif fmt == "docx":
        data = _docx(text, spec.get("docx_core") or {})
    elif fmt == "pdf":
        data = _pdf(text, spec.get("pdf_metadata") or {})
    elif fmt == "png":
        data = _png(text)
    else:
        data = text.encode("utf-8")
    path.write_bytes(data)
    return root


def _xlsx(text: str) -> bytes:
    cells = [line.split("\t") for line in text.split("\n") if line]
    strings = [c for row in cells for c in row]
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    k, rows = 0, []
    for r, row in enumerate(cells, start=1):
        cs = []
        for _ in row:
            cs.append(f'<c r="A{r}" t="s"><v>{k}</v></c>')
            k += 1
        rows.append(f'<row r="{r}">{"".join(cs)}</row>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/sharedStrings.xml", f"<sst>{sst}</sst>")
        zf.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{''.join(rows)}</sheetData></worksheet>"
        )
    return buf.getvalue()


def _docx(text: str, core: dict) -> bytes:
    import docx

    doc = docx.Document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    for k, v in core.items():
        setattr(doc.core_properties, {"lastModifiedBy": "last_modified_by"}.get(k, k), v)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _pdf(text: str, meta: dict) -> bytes:
    import typst

    def lit(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    doc = "".join(
        f"#set document({k.lower()}: {lit(v)})\n" for k, v in meta.items() if k.lower() in ("author", "title")
    )
    doc += "#set page(width: 12cm, height: auto)\n"
    doc += " \\\n".join(f"#{lit(line)}" for line in text.split("\n")) + "\n"
    return typst.compile(doc.encode("utf-8"))


def _png(text: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 1))
    fig.text(0.05, 0.5, text)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_adversarial_case(case, tmp_path):
    forbidden = [independent(f) for f in case["forbidden"]]
    outcome = None
    try:
        if case["kind"] == "audit":
            root = plant(case, tmp_path)
            register = tmp_path / "register.yaml"
            register.write_text(case["plant"].get("register") or "", encoding="utf-8")
            (tmp_path / "key.json").write_text('{"format": "coprod-pseudonym-key/1", "entries": []}')
            audit_tree(root / "results", tmp_path / "key.json", register, None, tmp_path / "audit.tsv")
            outcome = "clean"
        elif case["kind"] == "markup":
            html = render_quotes(case, tmp_path)
            text, tags = independent(html), independent(active_markup(html))
            # a sentinel must appear nowhere; a tag or attribute fragment must not be live markup
            # (shown as literal text, `<a href="javascript:` is harmless characters)
            leaked = [f for f in forbidden if f in (tags if any(c in f for c in "<=") else text)]
            assert not leaked, f"{case['id']}: markup obeyed or identifier leaked: {leaked}"
            outcome = "clean"
        else:
            out = run_deid(case, tmp_path)
            text = independent(shareable_text(out))
            leaked = [f for f in forbidden if f in text]
            assert not leaked, f"{case['id']}: leaked {leaked}"
            for phrase in case.get("must_keep") or []:
                assert independent(phrase) in text, f"{case['id']}: over-redacted '{phrase}'"
            outcome = "clean"
    except LeakError as err:
        outcome = "refuse"  # the audit caught what de-identification missed: nothing shareable kept
        assert err.line().startswith("privacy audit failed: ")
    except CoprodError as err:
        outcome = "refuse"
        line = err.line()
        assert "\n" not in line and "Traceback" not in line, line
        assert not (tmp_path / "results" / "deidentified").exists(), "refused but wrote outputs"
    if case["expect"] == "refuse":
        assert outcome == "refuse", f"{case['id']}: expected a refusal, the run completed"
    # expect == clean: a completed run with no leak, or a clear refusal, are both safe
