"""What the manuscript may say about the coding assistant, written by the coding stage itself.

The statements rule `write_assistant_statements` turns the coding assistant's own outputs
(results/coding/assistant_manuscript.yml: its numbers and its sentences, each with the condition
that produced it; assistant_table.md: held-out agreement per code) — or their absence, when the
study has no human codings to train and judge it on — into
results/coding/assistant_section_manuscript.yml and results/coding/fragments/assistant_section.md:

    numbers    the assistant's figures, as it wrote them (none without human codings)
    sentences  assistant_section: the paragraph's text, with the condition that chose it
    fragments  assistant_section.md (the paragraph and the table), with that condition

The manuscript only assembles them (it includes the fragment as written).
"""

from __future__ import annotations

FRAGMENTS = ("assistant_section.md",)

NO_HUMAN_CODINGS = (
    "No human codings were configured for this corpus, so the offline coding assistant was neither "
    "trained nor judged."
)


def assistant_text(assistant: dict | None) -> str:
    """The paragraph's sentences: the assistant's own, in the order it wrote them, or the one
    sentence saying it was not trained."""
    if not assistant:
        return NO_HUMAN_CODINGS
    return " ".join(str(x["text"]) for x in assistant.get("sentences") or [])


def assistant_section_md(assistant: dict | None, table: str | None) -> str:
    """The coding assistant's paragraph (its sentences) and its per-code table of held-out
    agreement; one sentence when there are no human codings to train and judge it on."""
    if not assistant:
        return NO_HUMAN_CODINGS + "\n"
    return f"{assistant_text(assistant)} @tbl-assistant gives the agreement per code.\n\n{table or ''}"


def assistant_statements(assistant: dict | None, table: str | None) -> tuple[dict, dict[str, str]]:
    """(the stage's statements for results/coding/assistant_section_manuscript.yml,
    {fragment: Markdown}). `assistant`: assistant_manuscript.yml as read (None without human
    codings); `table`: assistant_table.md's text."""
    condition = (
        "human codings configured: the assistant's sentences (assistant_manuscript.yml, each with "
        "its own condition) and its held-out agreement per code (assistant_table.md)"
        if assistant
        else "no human codings configured: the assistant was not trained"
    )
    statements = {
        "numbers": dict((assistant or {}).get("numbers") or {}),
        "sentences": {"assistant_section": {"condition": condition, "text": assistant_text(assistant)}},
        "fragments": {"assistant_section.md": condition},
    }
    return statements, {"assistant_section.md": assistant_section_md(assistant, table)}
