"""The analyst's batch path against the reference scorer, in the same run.

Scores synthetic rounds of the 2018 edition (47 units each; 2,128 rounds = 100,016 assessments by
default) through the batch path — the long table as CSV text -> ``cchc.Round.from_csv`` (parse,
check every row, score, rank: ``round.results()``) — and through the plain-Python reference scorer
(``benches/reference/cchc_reference.py``: build the states from the assessments, score, rank). The
reference is slow (about a millisecond per assessment), so it runs on a sample of rounds
(``--reference-rounds`` of them, spread evenly over the run and interleaved with the batch path's
rounds, so that both sides see the same machine) and its time is extrapolated to the same count;
the script says so. The reference is
timed from the assessments already parsed (dicts): reading the table is not counted on its side,
which favours it. The data-frame path (``cchc.round_from_frame``: the frame's columns handed to
the core whole) is timed on a sample too, for what it adds over CSV.

    python benches/batch_vs_reference.py [--rounds 2128] [--reference-rounds 20] [--frame-rounds 100]

Only the path is timed: the tables (text and frames) are written before the clock starts, one
round at a time. The batch path's time is split into loading (parse, check, give every row) and
``results()`` (score, rank, results as Python values).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import cchc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "reference"))
import cchc_reference as ref  # noqa: E402

COLUMNS = ["unit", "code", "stage", "kind", "yes", "option", "ticked", "count", "numerator",
           "denominator", "points", "tally", "submitted"]
STAGES = (("answers", "self"), ("authority", "authority"), ("survey", "survey"))


def rows_of(assessment: dict[str, Any]) -> list[dict[str, Any]]:
    """One assessment (its JSON form) as rows of the long table."""
    unit = assessment["unit"]
    rows: list[dict[str, Any]] = []
    submitted = "true" if assessment.get("submitted") else ""
    for key, stage in STAGES:
        for code, answer in assessment.get(key, {}).items():
            row: dict[str, Any] = {"unit": unit, "code": code, "stage": stage, "kind": answer["kind"]}
            kind = answer["kind"]
            if kind == "yes-no":
                row["yes"] = "true" if answer["yes"] else "false"
            elif kind == "option":
                row["option"] = answer["option"]
            elif kind == "checklist":
                row["ticked"] = ";".join(answer["ticked"])
            elif kind == "count":
                row["count"] = str(answer["count"])
            elif kind == "rate":
                row["numerator"], row["denominator"] = answer["numerator"], answer["denominator"]
            elif kind == "points":
                row["points"] = answer["points"]
            elif kind == "tally":
                row["tally"] = ";".join(f"{g}={n}" for g, n in answer["tally"].items())
            rows.append(row)
    for key, stage in (("appraisals", "appraisal"), ("final", "final")):
        for code, points in assessment.get(key, {}).items():
            rows.append({"unit": unit, "code": code, "stage": stage, "points": points})
    if rows and submitted:
        rows[0]["submitted"] = submitted
    return rows


def table_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2128)
    parser.add_argument("--reference-rounds", type=int, default=20)
    parser.add_argument("--frame-rounds", type=int, default=100)
    args = parser.parse_args()

    def sampled(seed: int, count: int) -> bool:
        """Whether round ``seed`` (1-based) is one of ``count`` rounds spread evenly over the run."""
        step = max(1, args.rounds // max(1, count))
        return count > 0 and (seed - 1) % step == 0 and (seed - 1) // step < count

    edition = cchc.default_edition()
    per_round = len(edition.units())
    reference_edition = ref.load_edition("embedded:soc-trang-2018")

    csv_seconds = 0.0
    load_seconds = 0.0
    frame_seconds = 0.0
    reference_seconds = 0.0
    frame_count = reference_count = 0
    rows_total = 0
    checked: list[tuple[Any, Any]] = []
    for seed in range(1, args.rounds + 1):
        synthetic = cchc.Round.synthetic(edition, seed)
        assessments = json.loads(synthetic.to_json())["assessments"]
        rows = [r for a in assessments for r in rows_of(a)]
        rows_total += len(rows)
        text = table_csv(rows)

        start = time.perf_counter()
        round_ = cchc.Round.from_csv(edition, text)
        loaded = time.perf_counter()
        results = round_.results()
        end = time.perf_counter()
        csv_seconds += end - start
        load_seconds += loaded - start

        if sampled(seed, args.frame_rounds):
            import pandas as pd

            frame = pd.DataFrame(rows, columns=COLUMNS)
            start = time.perf_counter()
            cchc.results_to_pandas(cchc.round_from_frame(edition, frame).results())
            frame_seconds += time.perf_counter() - start
            frame_count += 1

        if sampled(seed, args.reference_rounds):
            start = time.perf_counter()
            states = ref.build_states(reference_edition, assessments)
            cards = {u: ref.scorecard(s, reference_edition.rounding) for u, s in states.items()}
            ref.results(reference_edition, cards, reference_edition.rounding)
            reference_seconds += time.perf_counter() - start
            reference_count += 1
            checked.append((results, synthetic.results()))

    # The path gives what scoring the same inputs directly gives.
    for got, want in checked:
        assert got == want, "the batch path and the direct round disagree"

    n = args.rounds * per_round
    reference_per = reference_seconds / (reference_count * per_round)
    reference_total = reference_per * n
    load = os.getloadavg()
    print(f"{n:,} assessments ({args.rounds} synthetic rounds of {per_round} units), "
          f"{rows_total:,} rows; load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"  batch path (CSV -> Round.from_csv -> results)  {csv_seconds:9.2f} s  "
          f"({csv_seconds / n * 1e6:7.1f} µs per assessment: load {load_seconds / n * 1e6:.1f}, "
          f"results {(csv_seconds - load_seconds) / n * 1e6:.1f})")
    if args.frame_rounds:
        frame_per = frame_seconds / (frame_count * per_round)
        print(f"  batch path (DataFrame -> ... -> results frame)  {frame_per * n:9.2f} s  "
              f"({frame_per * 1e6:7.1f} µs per assessment; measured on {frame_count} rounds, extrapolated)")
    print(f"  reference scorer (plain Python)                {reference_total:9.2f} s  "
          f"({reference_per * 1e6:7.1f} µs per assessment; measured on {reference_count} rounds, extrapolated)")
    print(f"  ratio (reference / CSV batch path)             {reference_total / csv_seconds:9.1f}x")
    if args.frame_rounds:
        print(f"  ratio (reference / DataFrame batch path)       {reference_per / frame_per:9.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
