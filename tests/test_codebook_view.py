"""The codebook view (coprod.codebook_view): the codebook without its keyword rules, read by the
rules that never apply one, so a keyword edit re-runs none of them."""

from __future__ import annotations

import pytest

from coprod.codebook_view import RULE_FIELDS, write_view
from coprod.coding import load_codebook
from coprod.errors import ConfigError

CODEBOOK = """\
name: An invented codebook
language: english
themes:
  - id: weather
    label: Talk about the weather
    codes:
      - id: drizzle
        label: Drizzle
        definition: Light rain mentioned in passing.
        keywords: [drizzle, {term: damp, stem: true}]
        regex: ["spit+ing"]
        example: It was drizzling all through the meeting.
      - id: fog
        label: Fog
        definition: Poor visibility.
        proximity: [{terms: [thick, fog], within: 3}]
  - id: travel
    label: Getting there
    codes:
      - id: buses
        label: Buses
        definition: Journeys by bus.
        keywords: [bus]
"""


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_the_view_keeps_everything_but_the_rules(tmp_path):
    book = write(tmp_path / "codebook.yaml", CODEBOOK)
    view = tmp_path / "view.yaml"
    write_view(book, view)
    data, codes = load_codebook(book)
    vdata, vcodes = load_codebook(view)  # the readers' own loader accepts it
    assert [(c.id, c.theme, c.label) for c in vcodes] == [(c.id, c.theme, c.label) for c in codes]
    assert all(not c.keywords and not c.regex and not c.proximity for c in vcodes)
    for theme, vtheme in zip(data["themes"], vdata["themes"], strict=True):
        assert {k: v for k, v in theme.items() if k != "codes"} == {
            k: v for k, v in vtheme.items() if k != "codes"
        }
        for code, vcode in zip(theme["codes"], vtheme["codes"], strict=True):
            assert vcode == {k: v for k, v in code.items() if k not in RULE_FIELDS}
            assert list(vcode) == [k for k in code if k not in RULE_FIELDS]  # order kept
    assert vdata["name"] == data["name"] and vdata["language"] == "english"


def test_a_keyword_edit_leaves_the_view_byte_identical_and_a_label_edit_does_not(tmp_path):
    book = write(tmp_path / "codebook.yaml", CODEBOOK)
    write_view(book, tmp_path / "a.yaml")
    write(book, CODEBOOK.replace("keywords: [bus]", "keywords: [bus, coach, {term: tram, stem: true}]"))
    write_view(book, tmp_path / "b.yaml")
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    write(book, CODEBOOK.replace("label: Buses", "label: Buses and coaches"))
    write_view(book, tmp_path / "c.yaml")
    assert (tmp_path / "a.yaml").read_bytes() != (tmp_path / "c.yaml").read_bytes()


@pytest.mark.parametrize(
    "text, problem",
    [
        (CODEBOOK.replace("id: fog", "id: drizzle"), "duplicate code id 'drizzle'"),
        (CODEBOOK.replace("        label: Fog\n", ""), "label"),
        ("themes: [unclosed\n", "YAML syntax error"),
    ],
)
def test_a_bad_codebook_is_one_line_naming_the_codebook_not_the_view(tmp_path, text, problem):
    book = write(tmp_path / "codebook.yaml", text)
    with pytest.raises(ConfigError) as err:
        write_view(book, tmp_path / "view.yaml")
    line = err.value.line()
    assert "\n" not in line and str(book) in line and problem in line, line
    assert not (tmp_path / "view.yaml").exists()
