"""Snakemake adapter: human consensus -> supervised model per code (CV F1, suggestions)."""

from coprod.human import load_human_inputs
from coprod.reliability import consensus
from coprod.snakeutil import run
from coprod.supervised import train_and_apply, turn_texts
from coprod.tables import write_tsv


def main():
    i, p = snakemake.input, snakemake.params
    ids, segments, codings, sample = load_human_inputs(
        i.codebook, list(i.human), list(p.coders), i.sample, i.segments
    )
    reference = consensus(codings, sample, ids, p.consensus, list(p.coders))
    labels = sample.copy()
    sets = reference.groupby(["transcript_id", "turn_index"])["code"].apply(set).to_dict()
    labels["codes"] = [
        sets.get((t, n), set()) for t, n in zip(labels.transcript_id, labels.turn_index, strict=True)
    ]
    segments["turn_index"] = segments.turn_index.astype(int)
    segments["window"] = segments.window.astype(int)
    s = p.supervised
    cv, preds = train_and_apply(
        turn_texts(segments), labels, ids, s["min_positive"], s["folds"], s["seed"], s["threshold"]
    )
    write_tsv(cv, snakemake.output.cv)
    write_tsv(preds, snakemake.output.predictions)


run(snakemake, main)
