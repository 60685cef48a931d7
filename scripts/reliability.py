"""Snakemake adapter: human codings -> reliability table; rule coder vs human consensus."""

from coprod.human import load_human_inputs, rule_codes_by_turn
from coprod.reliability import auto_vs_human, consensus, reliability_table
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    i, p = snakemake.input, snakemake.params
    ids, segments, codings, sample = load_human_inputs(
        i.codebook, list(i.human), list(p.coders), i.sample, i.segments
    )
    r = p.reliability
    table = reliability_table(
        codings, sample, ids, list(p.coders), bootstrap=r["bootstrap"], seed=r["seed"]
    )
    write_tsv(table, snakemake.output.reliability)
    reference = consensus(codings, sample, ids, p.consensus, list(p.coders))
    auto = rule_codes_by_turn(read_tsv(i.coded), segments)
    write_tsv(auto_vs_human(auto, reference, sample, ids), snakemake.output.auto)


run(snakemake, main)
