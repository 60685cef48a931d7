rule deidentify_corpus:
    """The only door from private to shareable: pseudonymise every transcript with one key."""
    input:
        turns=expand(f"{PRIVATE}/turns/{{t}}.json", t=IDS),
        register=REGISTER,
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
    script:
        "../../scripts/deidentify.py"
