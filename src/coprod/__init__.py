"""coprod — the library behind the co-production study pipeline.

One module per stage (ingest, deidentify, segment, coding, topics, figures, manuscript, audit),
pure functions over plain data; Snakemake scripts and the `coprod` CLI are thin adapters.
"""

__version__ = "0.1.0"
