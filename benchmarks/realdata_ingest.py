"""Ingest every transcript of a realdata-shaped folder and print, per corpus, how many files
were read or refused (with the one-line reason), and the turns and speakers read.

    python benchmarks/realdata_ingest.py REALDATA_DIR

REALDATA_DIR holds one folder per corpus, each with a `transcripts/` folder. Only aggregate
figures are printed; a refusal line names the file (as the reader does) but never its text.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coprod.errors import CoprodError  # noqa: E402
from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript  # noqa: E402


def main(root: Path) -> int:
    total_read = total_files = 0
    print("corpus\tfiles\tread\trefused\tturns\tspeakers\tinterviewer turns\tparticipant turns")
    refusals: list[str] = []
    for corpus in sorted(p for p in root.iterdir() if (p / "transcripts").is_dir()):
        files = sorted(p for p in (corpus / "transcripts").iterdir() if p.is_file())
        read = turns = speakers = interviewer = 0
        for path in files:
            try:
                t = read_transcript(path, DEFAULT_INTERVIEWER_LABELS)
            except CoprodError as err:
                refusals.append(err.line())
                continue
            except Exception as exc:  # noqa: BLE001 - a crash is a finding, not a stop
                refusals.append(f"CRASH {path.name}: {type(exc).__name__}")
                continue
            read += 1
            turns += len(t.turns)
            speakers += len({u.speaker for u in t.turns})
            interviewer += sum(1 for u in t.turns if u.role == "interviewer")
        total_read += read
        total_files += len(files)
        print(
            f"{corpus.name}\t{len(files)}\t{read}\t{len(files) - read}\t{turns}\t{speakers}"
            f"\t{interviewer}\t{turns - interviewer}"
        )
    print(f"all\t{total_files}\t{total_read}\t{total_files - total_read}")
    for line in refusals:
        print(line)
    return 0 if total_read == total_files else 1


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python benchmarks/realdata_ingest.py REALDATA_DIR")
    sys.exit(main(Path(sys.argv[1])))
