"""The analyst's batch path against the reference scorer, in the same run.

Scores synthetic rounds of the 2018 edition (47 units each; 2,128 rounds = 100,016 assessments by
default) through the batch path, two ways, each in ONE call:

- the data frame: the long table of every round as one pandas data frame of categorical columns
  (its ``round`` column naming each row's round) -> ``cchc.rounds_from_frame`` (the columns handed
  to the core as codes and categories, every row checked, scored, every round ranked, on every
  core with the GIL released) -> the results of all rounds as a data frame (``decimal.Decimal``
  indices). The frame is read from the CSV text before the clock starts, as an analyst reads a
  portal's export: ``pandas.read_csv(..., dtype=str)`` then ``astype("category")`` (in pieces of
  500,000 rows, joined with ``union_categoricals``, to bound the memory);
- the CSV text -> ``cchc.score_rounds_csv`` -> the results as Python columns.

The clock covers the whole call: handing the frame over (or parsing the text) and converting every
result to Python values included. Each call is timed ``--repeat`` times (default 3) with Python's
garbage collector paused, as ``timeit`` times; every time is printed and the median is the one
compared. The tables are written before the clock starts, by the core's
writer (``cchc.rounds_to_csv``).

The reference is the plain-Python scorer (``benches/reference/cchc_reference.py``): build the
states from the assessments, score, rank. It is slow (about half a millisecond per assessment), so
it runs on a sample of rounds (``--reference-rounds``, half of them timed just before the batch
call and half just after, so that both sides see the same machine) and its time is extrapolated
to the same count; the script says so. The reference is timed from the assessments already parsed
(dicts): reading any table is not counted on its side, which favours it.

Also timed, for what they add: the same rounds one at a time through ``Round.from_csv`` and
``results()`` (the path that keeps every input), and a frame of object columns (as
``pandas.DataFrame(rows)`` builds it: each column factorized before it is handed over), both on a
sample of rounds and extrapolated.

    python benches/batch_vs_reference.py [--rounds 2128] [--reference-rounds 20] [--sample-rounds 100]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import statistics
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
    parser.add_argument("--repeat", type=int, default=3, help="times each batch call is timed (the median is compared)")
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

    try:
        import pandas as pd
        from pandas.api.types import union_categoricals
    except ImportError:
        pd = None
    frame = None
    if pd is not None:
        started = time.perf_counter()
        parts = [
            chunk.astype("category")
            for chunk in pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                     na_values=[""], chunksize=500_000)
        ]
        frame = pd.DataFrame({name: union_categoricals([p[name] for p in parts]) for name in parts[0].columns})
        del parts
        print(f"data frame read from the text in {time.perf_counter() - started:.1f} s "
              f"({frame.memory_usage(deep=True).sum() / 1e6:.0f} MB, categorical columns)", flush=True)

    half = len(sample) // 2
    reference_seconds = reference(sample[:half])

    def timed(call: Any) -> tuple[Any, list[float]]:
        """The call's result and its times (``--repeat`` runs, the garbage collector paused)."""
        times, result = [], None
        for _ in range(max(1, args.repeat)):
            result = None
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                result = call()
                times.append(time.perf_counter() - start)
            finally:
                gc.enable()
        return result, times

    frame_times: list[float] = []
    if frame is not None:
        frame_results, frame_times = timed(lambda: cchc.rounds_from_frame(edition, frame, threads=args.threads))
    frame_all_seconds = statistics.median(frame_times) if frame_times else None

    columns, csv_times = timed(lambda: cchc.score_rounds_csv(edition, text, threads=args.threads))
    batch_seconds = statistics.median(csv_times)

    reference_seconds += reference(sample[half:])

    # The batch call gives, round for round, what scoring each round on its own gives.
    for label, round_ in sample:
        want = [(g.group, p.rank, p.unit, p.index, p.submitted) for g in round_.results().groups for p in g.ranking]
        at = columns["round"].index(label)
        got = [(columns["group"][i], columns["rank"][i], columns["unit"][i], columns["index"][i],
                columns["submitted"][i]) for i in range(at, at + per_round)]
        assert got == want, f"round {label}: the batch call and the round disagree"
    assert len(columns["unit"]) == args.rounds * per_round
    if frame is not None:
        assert frame_results.to_dict("list") == columns, "the data frame and the CSV text disagree"

    one_seconds = 0.0
    some = rounds[: args.sample_rounds]
    tables = [r.to_csv() for _, r in some]
    for table in tables:
        start = time.perf_counter()
        cchc.Round.from_csv(edition, table).results()
        one_seconds += time.perf_counter() - start

    frame_seconds = None
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
    print(f"  reference scorer (plain Python, from parsed dicts)                     "
          f"{reference_total:8.2f} s  ({reference_per * us:7.1f} µs per assessment; "
          f"measured on {len(sample)} rounds, extrapolated)")
    if frame_all_seconds is not None:
        per = frame_all_seconds / n
        print(f"  batch path: all rounds in one categorical frame -> rounds_from_frame   "
              f"{frame_all_seconds:8.2f} s  ({per * us:7.1f} µs per assessment; median of "
              f"{', '.join(f'{t:.2f}' for t in frame_times)} s)")
        print(f"  ratio (reference / data frame path)                                    {reference_per / per:8.1f}x")
    print(f"  batch path: all rounds in one CSV -> score_rounds_csv -> Python columns  "
          f"{batch_seconds:8.2f} s  ({batch_per * us:7.1f} µs per assessment; median of "
          f"{', '.join(f'{t:.2f}' for t in csv_times)} s)")
    print(f"  ratio (reference / CSV path)                                           {reference_per / batch_per:8.1f}x")
    if some:
        per = one_seconds / (len(some) * per_round)
        print(f"  one round at a time: Round.from_csv -> results()                       "
              f"{per * n:8.2f} s  ({per * us:7.1f} µs per assessment; measured on {len(some)} rounds, extrapolated)")
    if frame_seconds is not None:
        per = frame_seconds / (len(some) * per_round)
        print(f"  data frame of {len(some)} rounds, object columns -> rounds_from_frame       "
              f"{per * n:8.2f} s  ({per * us:7.1f} µs per assessment, extrapolated; "
              f"ratio {reference_per / per:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
