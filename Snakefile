# The co-production study pipeline: raw transcripts -> de-identified corpus -> coding, topics
# -> figures -> manuscript, with a privacy audit that every final target depends on.
# Run:  snakemake --cores all            (config/config.yaml)
#       snakemake --cores all --configfile path/to/other/config.yaml
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/deidentify.smk"
include: "workflow/rules/segment.smk"
include: "workflow/rules/coding.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/manuscript.smk"
include: "workflow/rules/audit.smk"


rule all:
    default_target: True
    input:
        f"{RESULTS}/audit/audit.tsv",
