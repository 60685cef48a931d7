"""Snakemake adapter: human codings -> reliability table; rule coder vs human consensus."""

from coprod.coding import load_codebook
from coprod.human import load_human, rule_codes_by_turn
from coprod.reliability import auto_vs_human, consensus, reliability_table
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    i, p = snakemake.input, snakemake.params
    _, codes = load_codebook(i.codebook)
    ids = [c.id for c in codes]
    segments = read_tsv(i.segments)
    codings, sample = load_human(list(i.human), list(p.coders), i.sample, ids, segments)
    write_tsv(reliability_table(codings, sample, ids, list(p.coders)), snakemake.output.reliability)
    reference = consensus(codings, sample, ids, p.consensus, list(p.coders))
    auto = rule_codes_by_turn(read_tsv(i.coded), segments)
    write_tsv(auto_vs_human(auto, reference, sample, ids), snakemake.output.auto)


run(snakemake, main)
