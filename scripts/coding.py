"""Snakemake adapter: segments + codebook -> coded segments, matrices, co-occurrence, exemplars,
and the keyword report (what every rule matched; which never fired)."""

import sys

from coprod.analysis import check_chosen, cooccurrence, exemplar_shortfall, exemplars, human_coded_segments
from coprod.cache import ContentCache
from coprod.coding import apply_codebook, load_codebook, matrix, summary
from coprod.segment import read_participants
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    segments = read_tsv(snakemake.input.segments)
    segments["n_words"] = segments.n_words.astype(int)
    _, codes = load_codebook(snakemake.input.codebook)
    ids = [c.id for c in codes]
    sheet = read_participants(snakemake.input.participants)
    # each code's hits in each transcript reused while the code's rules and the transcript's
    # segments are unchanged (a keyword edit applies that code's rules alone again)
    coded, report = apply_codebook(segments, codes, ContentCache(snakemake.params.cache))
    out = snakemake.output
    ex = snakemake.params.exemplars
    write_tsv(coded, out.coded)
    write_tsv(report, out.keywords)
    write_tsv(matrix(coded, codes, "participant_id", sorted(sheet.participant_id)), out.by_participant)
    if out.get("by_site"):  # a study with sites
        write_tsv(matrix(coded, codes, "site_id", sorted(sheet.site_id.unique())), out.by_site)
    write_tsv(matrix(coded, codes, "group", sorted(sheet.group.unique())), out.by_group)
    table = summary(coded, segments, codes)
    write_tsv(table, out.summary)
    # the codes' names alone, for the readers that need nothing else (the figures): unchanged
    # while the codebook's ids and labels are, so an edit that only moves the counts redraws none
    write_tsv(table[["code_id", "theme_id", "label"]], out.labels)
    write_tsv(cooccurrence(coded, ids), out.cooccurrence)
    chosen = check_chosen(ex.get("chosen") or [], segments, ids, snakemake.params.configfile)
    human = {}
    if snakemake.input.human:  # quotes a human coded with the code come first
        from coprod.human import load_human

        codings, _ = load_human(
            list(snakemake.input.human), list(snakemake.params.coders), snakemake.input.sample, ids, segments
        )
        human = human_coded_segments(codings, segments)
    quotes = exemplars(
        coded,
        segments,
        ids,
        ex["per_code"],
        ex["min_words"],
        ex["max_words"],
        words_per_placeholder=ex.get("words_per_placeholder", 0),
        chosen=chosen,
        human=human,
    )
    write_tsv(quotes, out.exemplars)
    never = report[report.fired == "no"]
    print(f"{len(never)} of {len(report)} rules never fired (see {out.keywords})", file=sys.stderr)
    for r in never.itertuples():
        print(f"never fired: {r.code_id}: {r.rule}", file=sys.stderr)
    for code, n in exemplar_shortfall(quotes, ids, ex["per_code"]).items():
        print(
            f"exemplars: {code} has {n} of {ex['per_code']} quotes "
            "(too few eligible segments not already quoted for another code)",
            file=sys.stderr,
        )


run(snakemake, main)
