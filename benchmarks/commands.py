"""Time the commands as a user runs them: each a separate process, several runs after a
warm-up, median and range, beside the floor (bare write-only openpyxl writing the same
values) measured in the same run.

    python benchmarks/commands.py --docs 500            # a province (200 agencies)
    python benchmarks/commands.py --docs 200 --runs 3
    python benchmarks/commands.py --docs 500 --runs 3 --memory 500,2000,5000   # and peak RSS

What is timed, from a generated corpus (benchmarks/corpus.py) in a workspace of its own:
`matrix run` (first run, into an empty output folder), `matrix run` again with nothing
changed, `matrix run` after one document is revised, `matrix parse` (cold: no parsed
files yet), `matrix build` (from the parsed files, into an empty folder), each of run and
build with `--jobs 2`; and the floor for the workbooks `matrix build` wrote. Not a test.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_corpus  # noqa: E402
from benchmarks.floor import measure as floor_measure  # noqa: E402

MATRIX = [sys.executable, "-c", "from matrix.cli import main; main()"]


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - t
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[3:])} failed:\n{done.stderr[-2000:]}")
    return took


def series(label: str, runs: int, prepare, cmd: list[str], cwd: Path) -> dict:
    """`runs` timings of `cmd`, each after `prepare()` (untimed), after one warm-up."""
    prepare()
    timed(cmd, cwd)
    times = []
    for _ in range(runs):
        prepare()
        times.append(timed(cmd, cwd))
    return {"label": label, "median": statistics.median(times), "lo": min(times),
            "hi": max(times)}


def peak_run(cmd: list[str], cwd: Path, every: float = 0.05) -> tuple[float, int]:
    """Seconds and peak RSS (the process and any workers, in bytes) of one command."""
    import psutil
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = watched.memory_info().rss + sum(
                c.memory_info().rss for c in watched.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(every)
    took = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[3:])} failed:\n{proc.stderr.read().decode()[-2000:]}")
    return took, peak


def memory(sizes: list[int], agencies: int) -> None:
    """`matrix run` (first run) at each corpus size: time and peak RSS, and how time grows."""
    print(f"`matrix run`, first run, one process, {agencies} agencies; peak RSS polled every 50 ms")
    print(f"{'documents':>9} {'MB of text':>10} {'seconds':>8} {'peak RSS':>9} {'÷ time of the first size':>25}")
    first = None
    for n in sizes:
        base = ROOT / "benchmarks" / "out" / f"memory-d{n}"
        shutil.rmtree(base, ignore_errors=True)
        paths = make_corpus(n, agencies).write(base)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        took, peak = peak_run([*MATRIX, "-q", "--config", "config", "run", "-o", "out"], base)
        first = first or (n, took)
        print(f"{n:9} {mb:10.1f} {took:8.1f} {peak / 2**20:7.0f} MB "
              f"{took / first[1]:12.1f} (documents ×{n / first[0]:.0f})")
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--agencies", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--memory", type=str, default=None, metavar="N,N,…",
                    help="then also: time and peak RSS of a first `matrix run` at these "
                         "corpus sizes (e.g. 500,2000,5000)")
    ap.add_argument("--memory-only", action="store_true", help="only the --memory table")
    args = ap.parse_args()
    if not args.memory_only:
        commands(args)
    if args.memory:
        print()
        memory([int(n) for n in args.memory.split(",")], args.agencies)


def commands(args) -> None:
    base = ROOT / "benchmarks" / "out" / f"commands-d{args.docs}"
    shutil.rmtree(base, ignore_errors=True)
    corpus = make_corpus(args.docs, args.agencies)
    paths = corpus.write(base)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    out = base / "out"
    q = [*MATRIX, "-q", "--config", "config"]
    revised = paths[len(paths) // 2]
    original = revised.read_bytes()

    def empty():
        shutil.rmtree(out, ignore_errors=True)

    def keep_parsed():
        # The parsed files (and their cache) stay; what build writes goes.
        for p in list(out.iterdir()) if out.exists() else []:
            if p.name != "measures":
                shutil.rmtree(p) if p.is_dir() else p.unlink()

    def nothing():
        pass

    def revise():
        # One document revised: the previous version first, then the revision, so each
        # timed run is a run after one revision.
        revised.write_bytes(original)
        subprocess.run([*q, "run", "-o", "out"], cwd=base, check=True, capture_output=True)
        revised.write_bytes(original.replace("。".encode(), "；".encode(), 1) + "\n".encode())

    rows = []
    rows.append(series("matrix run (first)", args.runs, empty, [*q, "run", "-o", "out"], base))
    rows.append(series("matrix run --jobs 2 (first)", args.runs, empty,
                       [*q, "run", "-o", "out", "--jobs", "2"], base))
    rows.append(series("matrix parse (cold)", args.runs, empty,
                       [*q, "parse", *[str(p.relative_to(base)) for p in paths], "-o", "out/measures"],
                       base))
    rows.append(series("matrix parse --jobs 2 (cold)", args.runs, empty,
                       [*q, "parse", *[str(p.relative_to(base)) for p in paths], "-o", "out/measures",
                        "--jobs", "2"], base))
    rows.append(series("matrix build", args.runs, keep_parsed, [*q, "build", "-o", "out"], base))
    rows.append(series("matrix build --jobs 2", args.runs, keep_parsed,
                       [*q, "build", "-o", "out", "--jobs", "2"], base))
    # The floor for what build wrote (its last run's files).
    written = [out / "matrix.xlsx", *sorted((out / "agencies").glob("*.xlsx"))]
    floor = floor_measure(written, base / "floor", pandas=False)["floor"]
    first = rows[0]["median"]
    subprocess.run([*q, "run", "-o", "out"], cwd=base, check=True, capture_output=True)
    rows.append(series("matrix run, nothing changed", args.runs, nothing,
                       [*q, "run", "-o", "out"], base))
    rows.append(series("matrix run after one revised document", args.runs, revise,
                       [*q, "run", "-o", "out"], base))
    revised.write_bytes(original)

    print(f"{args.docs} documents, {mb:.1f} MB of text, {args.agencies} agencies; "
          f"medians of {args.runs} runs after a warm-up, each a separate process")
    print(f"floor (bare write-only openpyxl, the same values as build wrote): {floor:.2f} s")
    print(f"{'command':42} {'median':>7} {'range':>15} {'÷ floor':>8} {'÷ first run':>11}")
    for r in rows:
        print(f"{r['label']:42} {r['median']:7.2f} {r['lo']:7.2f}–{r['hi']:<7.2f} "
              f"{r['median'] / floor:8.2f} {r['median'] / first:11.0%}")
    for r in rows:
        if r["label"].startswith("matrix parse"):
            print(f"{r['label']}: {mb / r['median']:.1f} MB/s including start-up and writing")


if __name__ == "__main__":
    main()
