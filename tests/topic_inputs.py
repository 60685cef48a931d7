"""The topics stage's statements as the manuscript prints them, from hand-made stage files: tests
give the columns they are about, the others get neutral values here."""

from __future__ import annotations

from coprod.manuscript import topic_variables
from coprod.topic_statements import topic_statements

K_SUMMARY_DEFAULTS = {"heldout_perplexity": 900.0, "umass": -2.0, "npmi": 0.05, "exclusivity": 0.9}
SETTINGS_DEFAULTS = {"seeds": [1, 2], "model": "lda"}


def manuscript_parts(k_summary, screening, effects, summary, p):
    """(the manuscript's `topics` variables, the stage's fragments)."""
    k_summary = k_summary.copy()
    for col, value in K_SUMMARY_DEFAULTS.items():
        if col not in k_summary:
            k_summary[col] = value
    summary = summary.copy()
    if "prevalence" not in summary:
        summary["prevalence"] = 1 / len(summary)
    if "top_words" not in summary:
        summary["top_words"] = summary.label
    statements, fragments = topic_statements(k_summary, screening, effects, summary, SETTINGS_DEFAULTS | p)
    return topic_variables(statements), fragments
