"""The analyst's batch path against the reference scorer, in the same run.

Scores synthetic rounds of the 2018 edition (47 units each; 2,128 rounds = 100,016 assessments by
default) through the batch path in ONE call: the long table of every round as one CSV text (its
``round`` column naming each row's round) -> ``cchc.score_rounds_csv`` (parse, check every row,
score, rank every round, on every core with the GIL released) -> the results of all rounds as
Python columns (``decimal.Decimal`` indices). The clock covers that whole call: parsing the text
and converting every result to Python values included. The tables are written before the clock
starts, by the core's writer (``cchc.rounds_to_csv``).

The reference is the plain-Python scorer (``benches/reference/cchc_reference.py``): build the
states from the assessments, score, rank. It is slow (about half a millisecond per assessment), so
it runs on a sample of rounds (``--reference-rounds``, half of them timed just before the batch
call and half just after, so that both sides see the same machine) and its time is extrapolated
to the same count; the script says so. The reference is timed from the assessments already parsed
(dicts): reading any table is not counted on its side, which favours it.

Also timed, for what they add: the same rounds one at a time through ``Round.from_csv`` and
``results()`` (the path that keeps every input), and the data-frame path
(``cchc.rounds_from_frame``: a frame of many rounds handed to the core column by column, results
as a frame), both on a sample of rounds and extrapolated.

    python benches/batch_vs_reference.py [--rounds 2128] [--reference-rounds 20] [--sample-rounds 100]
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2128)
    parser.add_argument("--reference-rounds", type=int, default=20)
    parser.add_argument("--sample-rounds", type=int, default=100,
                        help="rounds timed one at a time (Round.from_csv) and as one data frame")
    parser.add_argument("--threads", type=int, default=None, help="threads of the batch call (default: one per core)")
    args = parser.parse_args()

    edition = cchc.default_edition()
    per_round = len(edition.units())
    reference_edition = ref.load_edition("embedded:soc-trang-2018")

    started = time.perf_counter()
    rounds = [(str(seed), cchc.Round.synthetic(edition, seed)) for seed in range(1, args.rounds + 1)]
    text = cchc.rounds_to_csv(rounds)
    rows_total = text.count("\n") - 1
    step = max(1, args.rounds // max(1, args.reference_rounds))
    sample = [rounds[i] for i in range(0, args.rounds, step)][: args.reference_rounds]
    assessments = {label: json.loads(r.to_json())["assessments"] for label, r in sample}
    print(f"tables written in {time.perf_counter() - started:.1f} s "
          f"({len(text) / 1e6:.0f} MB of CSV, {rows_total:,} rows)", flush=True)

    def reference(part: list[tuple[str, Any]]) -> float:
        seconds = 0.0
        for label, _ in part:
            start = time.perf_counter()
            states = ref.build_states(reference_edition, assessments[label])
            cards = {u: ref.scorecard(s, reference_edition.rounding) for u, s in states.items()}
            ref.results(reference_edition, cards, reference_edition.rounding)
            seconds += time.perf_counter() - start
        return seconds

    half = len(sample) // 2
    reference_seconds = reference(sample[:half])

    start = time.perf_counter()
    columns = cchc.score_rounds_csv(edition, text, threads=args.threads)
    batch_seconds = time.perf_counter() - start

    reference_seconds += reference(sample[half:])

    # The batch call gives, round for round, what scoring each round on its own gives.
    for label, round_ in sample:
        want = [(g.group, p.rank, p.unit, p.index, p.submitted) for g in round_.results().groups for p in g.ranking]
        at = columns["round"].index(label)
        got = [(columns["group"][i], columns["rank"][i], columns["unit"][i], columns["index"][i],
                columns["submitted"][i]) for i in range(at, at + per_round)]
        assert got == want, f"round {label}: the batch call and the round disagree"
    assert len(columns["unit"]) == args.rounds * per_round

    one_seconds = 0.0
    some = rounds[: args.sample_rounds]
    tables = [r.to_csv() for _, r in some]
    for table in tables:
        start = time.perf_counter()
        cchc.Round.from_csv(edition, table).results()
        one_seconds += time.perf_counter() - start

    frame_seconds = None
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None and some:
        frame = pd.DataFrame([row for label, r in some for row in r.to_rows(label)])
        start = time.perf_counter()
        cchc.rounds_from_frame(edition, frame, threads=args.threads)
        frame_seconds = time.perf_counter() - start

    n = args.rounds * per_round
    reference_per = reference_seconds / (len(sample) * per_round)
    reference_total = reference_per * n
    batch_per = batch_seconds / n
    load = os.getloadavg()
    us = 1e6
    print(f"{n:,} assessments ({args.rounds} synthetic rounds of {per_round} units), {rows_total:,} rows; "
          f"{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"  batch path: all rounds in one CSV -> score_rounds_csv -> Python columns  "
          f"{batch_seconds:8.2f} s  ({batch_per * us:7.1f} µs per assessment)")
    print(f"  reference scorer (plain Python, from parsed dicts)                     "
          f"{reference_total:8.2f} s  ({reference_per * us:7.1f} µs per assessment; "
          f"measured on {len(sample)} rounds, extrapolated)")
    print(f"  ratio (reference / batch path)                                         {reference_per / batch_per:8.1f}x")
    if some:
        per = one_seconds / (len(some) * per_round)
        print(f"  one round at a time: Round.from_csv -> results()                       "
              f"{per * n:8.2f} s  ({per * us:7.1f} µs per assessment; measured on {len(some)} rounds, extrapolated)")
    if frame_seconds is not None:
        per = frame_seconds / (len(some) * per_round)
        print(f"  data frame of {len(some)} rounds -> rounds_from_frame -> results frame        "
              f"{per * n:8.2f} s  ({per * us:7.1f} µs per assessment, extrapolated; "
              f"ratio {reference_per / per:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
