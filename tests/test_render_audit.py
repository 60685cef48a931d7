"""The manuscript fallback renderer (shortcodes, Lua cross-refs) and the privacy audit."""

from __future__ import annotations

import os
import subprocess
import zipfile

import pytest

from coprod.errors import ConfigError, LeakError
from coprod.privacy.audit import Unreadable, audit_tree, extract
from coprod.privacy.deidentify import PseudonymKey
from coprod.render import FILTER, pandoc_path, resolve_shortcodes


def test_shortcodes_resolve_vars_and_nested_includes(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "a.md").write_text("A={{< var x.y >}} {{< include b.md >}}")
    (tmp_path / "tables" / "b.md").write_text("B")
    out = resolve_shortcodes(
        "n={{< var n >}}; {{< include tables/a.md >}}", {"n": 3, "x": {"y": "z"}}, tmp_path, "index.qmd"
    )
    assert out == "n=3; A=z B"


def test_unknown_variable_and_missing_include_are_one_line_errors(tmp_path):
    with pytest.raises(ConfigError, match=r"unknown variable 'corpus.nope'"):
        resolve_shortcodes("{{< var corpus.nope >}}", {"corpus": {}}, tmp_path, "index.qmd")
    with pytest.raises(ConfigError, match="included file 'gone.md' not found"):
        resolve_shortcodes("{{< include gone.md >}}", {}, tmp_path, "index.qmd")


def pandoc(md: str, to: str) -> str:
    proc = subprocess.run(
        [pandoc_path(), "-f", "markdown", "-t", to, "--lua-filter", str(FILTER)],
        input=md,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout + proc.stderr


DOC = """See @fig-b, @tbl-a and [@fig-c; @fig-b]; also @fig-missing.

| x |
|---|
| 1 |

: A table {#tbl-a}

![First](b.png){#fig-b}

![Second](c.png){#fig-c}
"""


def test_lua_filter_numbers_figures_and_tables_and_resolves_refs():
    out = pandoc(DOC, "plain")
    assert "See Figure 1, Table 1 and Figure 2; Figure 1; also ?@fig-missing." in out.replace("\n", " ")
    html = pandoc(DOC, "html")
    assert "Figure 1: First" in html and "Figure 2: Second" in html and "Table 1: A table" in html
    assert "unresolved cross-reference @fig-missing" in out


def test_lua_filter_leaves_numbering_to_typst():
    out = pandoc(DOC, "typst")
    assert "Figure 1: First" not in out and "<fig-b>" in out


def _key(tmp_path, originals):
    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    return tmp_path / "key.json"


def test_audit_passes_clean_tree_and_fails_on_a_planted_name(tmp_path):
    key = _key(tmp_path, ["Siobhan O'Donnell", "Graham"])
    results = tmp_path / "results"
    results.mkdir()
    (results / "a.tsv").write_text("id\ttext\n1\t[Person 1] said hello\n")
    audit_tree(results, key, None, None, results / "audit.tsv")
    assert "hits\t0" in (results / "audit.tsv").read_text()
    (results / "audit.tsv").unlink()
    (results / "b.txt").write_text("fine\nfine\nthen SIOBHAN  o'donnell spoke\n")
    with pytest.raises(LeakError) as exc:
        audit_tree(results, key, None, None, results / "audit.tsv")
    line = str(exc.value)
    assert "b.txt (line 3)" in line and "[Person 1]" in line
    assert "siobhan" not in line.lower()  # the report never repeats the original value
    assert not (results / "audit.tsv").exists()


def test_audit_single_words_are_case_sensitive_and_allow_list_blanks_public_phrases(tmp_path):
    key = _key(tmp_path, ["HIS", "Dundee"])
    results = tmp_path / "r"
    results.mkdir()
    (results / "a.md").write_text("his view; University of Dundee\n")
    audit_tree(results, key, None, None, tmp_path / "audit.tsv", allow=["University of Dundee"])
    (results / "b.md").write_text("we met in DUNDEE\n")
    with pytest.raises(LeakError, match=r"b.md \(line 1\)"):
        audit_tree(results, key, None, None, tmp_path / "audit.tsv", allow=["University of Dundee"])


def test_audit_reads_docx_and_refuses_images_it_cannot_read(tmp_path):
    import base64
    import hashlib

    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "word/document.xml", "<w:p><w:t>Hello Gra</w:t><w:t>ham</w:t></w:p><w:p><w:t>bye</w:t></w:p>"
        )
    assert any("Hello Graham" in u.text for u in extract(path, {}))
    png = b"\x89PNG\r\n\x1a\nfake figure bytes"
    html = tmp_path / "x.html"
    html.write_text(f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}">ok')
    with pytest.raises(Unreadable):  # an image with no strings sidecar: the audit cannot see into it
        extract(html, {})
    # a pipeline figure (its strings are in a sidecar the audit reads) is accepted
    assert not any(
        "Graham" in u.text for u in extract(html, {hashlib.sha256(png).hexdigest(): "f.strings.txt"})
    )


def test_formats_render_side_by_side_and_a_failed_one_is_one_line(tmp_path):
    """The fallback's pandoc runs (HTML, DOCX beside Typst) are started together: the first command
    here can only succeed while the second runs (it waits for the file the second writes, and
    gives up long before a run one after the other would reach it); a failure is one ConfigError
    with the command's last line of stderr, and every command has ended by then."""
    from coprod.render import _start, _wait

    waits = "for i in $(seq 200); do [ -f second ] && exit 0; sleep 0.05; done; exit 1"
    started = _start([["sh", "-c", waits], ["sh", "-c", "touch second"]], tmp_path, dict(os.environ))
    _wait(started)
    started = _start(
        [["sh", "-c", "exit 0"], ["sh", "-c", "echo first line >&2; echo the reason >&2; exit 3"]],
        tmp_path,
        dict(os.environ),
    )
    with pytest.raises(ConfigError, match=r"sh failed: the reason"):
        _wait(started)
    assert all(proc.returncode is not None for _, _, proc in started)
