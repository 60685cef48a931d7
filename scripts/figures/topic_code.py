"""Figure: topic x code alignment heatmap, topics named by their top words ("T3 · care, carer, unpaid")."""

import pandas as pd

from coprod.figures import mark_synthetic, topic_code_heatmap
from coprod.snakeutil import run


def topic_names(terms: pd.DataFrame, n_words: int = 3) -> dict[int, str]:
    """'T<k> · w1, w2, w3' from each topic's highest-ranked terms."""
    names = {}
    for topic, rows in terms.sort_values(["topic", "rank"]).groupby("topic", sort=True):
        names[int(topic)] = f"T{int(topic)} · " + ", ".join(rows.term.astype(str).head(n_words))
    return names


def main():
    mark_synthetic(snakemake.params.synthetic)
    align = pd.read_csv(snakemake.input.topic_code, sep="\t")
    codes = pd.read_csv(snakemake.input.labels, sep="\t")
    terms = pd.read_csv(
        snakemake.input.terms, sep="\t", usecols=["topic", "rank", "term"], keep_default_na=False
    )
    topic_code_heatmap(
        align,
        dict(zip(codes.code_id, codes.label, strict=True)),
        snakemake.output[0],
        topic_names(terms),
    )


run(snakemake, main)
