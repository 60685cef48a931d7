rule deidentify_corpus:
    """The only door from private to shareable: pseudonymise every transcript with one key."""
    input:
        library=LIBRARY,
        turns=expand(f"{PRIVATE}/turns/{{t}}.json", t=IDS),
        register=REGISTER,
        participants=PARTICIPANTS,
    output:
        txt=deidentified("txt"),
        json=deidentified("json"),
        summary=f"{RESULTS}/deidentified/summary.tsv",
        review=f"{PRIVATE}/review/replacements.tsv",
        key_used=f"{PRIVATE}/key/key_used.json",
    log:
        f"{PRIVATE}/logs/deidentify.log",
    conda:
        "../../environment.yml"
    params:
        key=f"{PRIVATE}/key/pseudonym_key.json",
        settings=CFG["deidentify"],
    script:
        "../../scripts/deidentify.py"


rule evaluate_deidentification:
    """Recall/precision against the gold identifiers (only when corpus.gold is set)."""
    input:
        library=LIBRARY,
        turns=expand(f"{PRIVATE}/turns/{{t}}.json", t=IDS),
        review=f"{PRIVATE}/review/replacements.tsv",
        txt=deidentified("txt"),
        gold=GOLD or [],
    output:
        f"{RESULTS}/deidentified/evaluation.tsv",
    log:
        f"{PRIVATE}/logs/evaluate_deidentification.log",
    conda:
        "../../environment.yml"
    script:
        "../../scripts/evaluate_deidentification.py"
