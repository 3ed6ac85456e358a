"""Time `matrix` on a generated corpus against the floor of openpyxl itself.

    python benchmarks/run.py --docs 500 --agencies 200      # a province
    python benchmarks/run.py --docs 50                      # a city

Everything runs in this one process after a warm-up on a different corpus: parse, build
of matrix.xlsx, build of the agency workbooks, the whole build, the whole `matrix run`,
and a rebuild after one document is revised. The floor (bare write-only openpyxl) and
the pandas peer write the very cells we wrote, in the same run, so the ratios hold on a
noisy machine. Peak memory is sampled per step, and measured for `matrix run` in a
fresh process. Output goes to benchmarks/out/ (not kept in git).
"""
from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from benchmarks import floor as F  # noqa: E402
from benchmarks.corpus import make_corpus  # noqa: E402
from matrix import build as B  # noqa: E402
from matrix import layout, store  # noqa: E402
from matrix.cli import main as cli  # noqa: E402
from matrix.config import load as load_config  # noqa: E402
from matrix.parse import parse_file  # noqa: E402
from matrix.cli import collect_less  # noqa: E402
from matrix.render import agency as agency_book, workbook  # noqa: E402
from matrix.render.tasks import plan as make_plan  # noqa: E402

GENERATED = "2026-01-01"       # a fixed date: the workbooks do not depend on the day run


class Peak:
    """Peak RSS of this process (and of its workers, counted apart) while a step runs,
    sampled every 20 ms."""

    def __init__(self, every: float = 0.02):
        self.proc = psutil.Process()
        self.every = every
        self.peak = 0
        self.workers = 0

    def _workers(self) -> int:
        total = 0
        for c in self.proc.children(recursive=True):
            try:
                total += c.memory_info().rss
            except psutil.Error:
                pass
        return total

    @contextmanager
    def watch(self, with_workers: bool = False):
        self.peak = self.proc.memory_info().rss
        self.workers = 0
        self.with_workers = with_workers
        stop = threading.Event()

        def sample():
            while not stop.wait(self.every):
                self.peak = max(self.peak, self.proc.memory_info().rss)
                if self.with_workers:        # walking /proc is not free: only when asked
                    self.workers = max(self.workers, self._workers())
        t = threading.Thread(target=sample, daemon=True)
        t.start()
        try:
            yield self
        finally:
            stop.set()
            t.join()
            self.peak = max(self.peak, self.proc.memory_info().rss)


MB = 1024 * 1024
results: dict[str, dict] = {}
peak = Peak()


@contextmanager
def step(name: str, workers: bool = False, **extra):
    with peak.watch(workers):
        start = time.perf_counter()
        yield extra
        seconds = time.perf_counter() - start
    results[name] = {"seconds": seconds, "peak_rss_mb": peak.peak / MB,
                     "workers_rss_mb": peak.workers / MB, **extra}


def child_peak(cmd: list[str], cwd: Path) -> tuple[int, int]:
    """Run cmd; peak RSS of the process itself and of its largest worker, polled."""
    proc = subprocess.Popen(cmd, cwd=cwd, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    own = workers = 0
    while proc.poll() is None:
        try:
            own = max(own, ps.memory_info().rss)
            for c in ps.children(recursive=True):
                workers = max(workers, c.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    if proc.returncode:
        print(proc.stderr.read(), file=sys.stderr)
    return own, workers


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def clear_parse_caches() -> None:
    """The parser caches note readings and name lists; a warm-up must not pre-fill them."""
    from matrix.parse import names, notes
    for fn in (names._resolve, names._split_list, notes._read, notes.find):
        fn.cache_clear()


def build_kwargs(jobs: int) -> dict:
    return {"jobs": jobs} if "jobs" in inspect.signature(B.build).parameters else {}


def run_cli(folder: Path, out: Path, *extra: str) -> None:
    """`matrix run -o OUT` from the corpus folder, as a user runs it: config/ and docs/ there."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        cli.main(["-q", "run", "-o", str(out), *extra], standalone_mode=False)
    except SystemExit as e:       # a non-zero exit must not pass for a timing
        if e.code:
            raise
    finally:
        os.chdir(here)


def warm_up(base: Path, agencies: int) -> None:
    corpus = make_corpus(8, agencies, seed=999)
    corpus.write(base)
    config = load_config(base / "config")
    docs = [parse_file(p, config) for p in sorted((base / "docs").glob("*.txt"))]
    B.build(docs, base / "out", config, generated=GENERATED)
    clear_parse_caches()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--agencies", type=int, default=None, help="default: 60 for up to 100 "
                    "documents (a city), else 200")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2, help="processes for the parallel build")
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas peer (slow)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    agencies = args.agencies or (60 if args.docs <= 100 else 200)
    base = args.out or ROOT / "benchmarks" / "out" / f"d{args.docs}-a{agencies}"
    fresh(base)

    corpus = make_corpus(args.docs, agencies, args.seed)
    paths = corpus.write(base / "corpus")
    config_dir = base / "corpus" / "config"
    text_bytes = sum(p.stat().st_size for p in paths)
    warm_up(base / "warmup", agencies)

    config = load_config(config_dir)
    # The generator's and the warm-up's objects stay alive here but in no real `matrix`
    # process: set them aside, so the collector does not rescan them in every step.
    gc.collect()
    collect_less()     # as every `matrix` command does (matrix/cli/__init__.py)
    with step("parse", documents=len(paths), mb=text_bytes / 1e6):
        docs = [parse_file(p, config) for p in paths]
    measures_dir = fresh(base / "measures")
    with step("save parsed YAML"):
        for p, d in zip(paths, docs):
            store.save(d, measures_dir, p.stem)

    labels = config.labels
    flag = bool(config.registry.agencies)
    with step("plan"):
        plan = make_plan(docs, config.registry)
    out = fresh(base / "steps")
    with step("matrix.xlsx"):
        workbook.write_matrix(plan, out / layout.MATRIX, labels, GENERATED, flag_unknown=flag)
    folder = out / layout.AGENCIES
    folder.mkdir()
    agency_paths = B.agency_paths(plan.agencies, folder)
    rss = []
    with step("agency workbooks", workbooks=len(plan.agencies)):
        for i, a in enumerate(plan.agencies):
            agency_book.write_agency(plan, a, agency_paths[a], labels, GENERATED)
            if i in (0, len(plan.agencies) // 2, len(plan.agencies) - 1):
                rss.append(psutil.Process().memory_info().rss / MB)
    results["agency workbooks"]["rss_first_mid_last_mb"] = rss

    full = fresh(base / "build")
    with step("build (1 process)"):
        B.build(docs, full, config, generated=GENERATED, **build_kwargs(1))
    if build_kwargs(args.jobs):
        with step(f"build (--jobs {args.jobs})", workers=True):
            B.build(docs, fresh(base / "build-jobs"), config, generated=GENERATED,
                    **build_kwargs(args.jobs))

    # One document revised: re-parse it and rebuild into the full build's folder.
    revised = corpus.revise(len(paths) // 2, base / "corpus")
    index = paths.index(revised)
    before = {p.name: p.stat().st_mtime_ns for p in (full / layout.AGENCIES).glob("*.xlsx")}
    with step("rebuild after 1 revised document"):
        docs[index] = parse_file(revised, config)
        B.build(docs, full, config, generated=GENERATED, **build_kwargs(1))
    after = {p.name: p.stat().st_mtime_ns for p in (full / layout.AGENCIES).glob("*.xlsx")}
    results["rebuild after 1 revised document"]["agency_workbooks_rewritten"] = sum(
        before.get(n) != t for n, t in after.items())

    # The whole command, as a user runs it: `matrix run`, then again after a revision.
    run_out = fresh(base / "run")
    with step("matrix run"):
        run_cli(base / "corpus", run_out)
    with step(f"matrix run --jobs {args.jobs}", workers=True):
        run_cli(base / "corpus", fresh(base / "run-jobs"), "--jobs", str(args.jobs))
    corpus.revise(index, base / "corpus")
    with step("matrix run after 1 revised document"):
        run_cli(base / "corpus", run_out)

    # The floor and the peer, for the files of the one-process build.
    files = {"matrix.xlsx": [full / layout.MATRIX],
             "agency workbooks": sorted((full / layout.AGENCIES).glob("*.xlsx"))}
    for name, group in files.items():
        got = F.measure(group, base / "scratch", pandas=not args.no_pandas)
        results[name].update(floor=got["floor"], pandas=got["pandas"], cells=got["cells"])

    # `matrix run` alone in a fresh process, its memory polled from here (its own
    # ru_maxrss would count this process's, inherited through fork): the figure a user sees.
    for jobs in sorted({1, args.jobs}):
        own, workers = child_peak([sys.executable, "-c", "from matrix.cli import main; main()",
                                   "-q", "run", "--jobs", str(jobs),
                                   "-o", str(fresh(base / f"run-child-{jobs}"))],
                                  cwd=base / "corpus")
        results[f"matrix run --jobs {jobs} (child process)"] = {"peak_rss_mb": own / MB,
                                                                "workers_rss_mb": workers / MB}

    report(args, agencies, text_bytes, len(paths))
    (base / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def report(args, agencies: int, text_bytes: int, ndocs: int) -> None:
    r = results
    p = r["parse"]
    print(f"\ncorpus: {ndocs} documents, {text_bytes / 1e6:.1f} MB of text, {agencies} agencies "
          f"in the registry, {r['agency workbooks']['workbooks']} agency workbooks")
    print(f"parse: {ndocs / p['seconds']:.0f} documents/s, {text_bytes / 1e6 / p['seconds']:.2f} MB/s")
    print(f"\n{'step':36} {'seconds':>8} {'floor':>8} {'÷ floor':>8} {'pandas':>8} "
          f"{'÷ pandas':>8}  peak RSS")
    floor_m, floor_a = r["matrix.xlsx"]["floor"], r["agency workbooks"]["floor"]
    floors = {"matrix.xlsx": floor_m, "agency workbooks": floor_a,
              "build (1 process)": floor_m + floor_a,
              f"build (--jobs {args.jobs})": floor_m + floor_a}
    peers = {"matrix.xlsx": r["matrix.xlsx"]["pandas"],
             "agency workbooks": r["agency workbooks"]["pandas"]}
    peers["build (1 process)"] = peers["matrix.xlsx"] + peers["agency workbooks"]
    peers[f"build (--jobs {args.jobs})"] = peers["build (1 process)"]
    blank = " " * 8
    for name, row in r.items():
        if "seconds" not in row:
            continue
        fl, peer = floors.get(name), peers.get(name)
        peer = peer if peer and peer == peer else None          # nan: skipped
        cols = [f"{row['seconds']:8.2f}",
                f"{fl:8.2f}" if fl else blank,
                f"{row['seconds'] / fl:8.2f}" if fl else blank,
                f"{peer:8.2f}" if peer else blank,
                f"{row['seconds'] / peer:8.2f}" if peer else blank,
                f" {row['peak_rss_mb']:5.0f} MB"
                + (f" (+{row['workers_rss_mb']:.0f} MB in workers)"
                   if row.get("workers_rss_mb") else "")]
        print(f"{name:36} " + " ".join(cols))
    full = r["build (1 process)"]["seconds"]
    re_ = r["rebuild after 1 revised document"]
    print(f"\nrebuild after one revised document: {re_['seconds'] / full:.0%} of a full build, "
          f"{re_['agency_workbooks_rewritten']} agency workbooks rewritten")
    again = r["matrix run after 1 revised document"]["seconds"] / r["matrix run"]["seconds"]
    print(f"`matrix run` after one revised document: {again:.0%} of the first `matrix run`")
    print(f"cells written: matrix.xlsx {r['matrix.xlsx']['cells']:,}, agency workbooks "
          f"{r['agency workbooks']['cells']:,}")
    print(f"RSS while writing agency workbooks (first, middle, last): "
          f"{', '.join(f'{x:.0f}' for x in r['agency workbooks']['rss_first_mid_last_mb'])} MB")
    for jobs in sorted({1, args.jobs}):
        row = r[f"matrix run --jobs {jobs} (child process)"]
        print(f"peak RSS of `matrix run --jobs {jobs}` in a fresh process: "
              f"{row['peak_rss_mb']:.0f} MB"
              + (f", each worker at most {row['workers_rss_mb']:.0f} MB" if jobs > 1 else ""))


if __name__ == "__main__":
    main()
