"""Benchmark of the case store on a large sample store; prints one table.

    .venv/bin/python bench/bench_store.py [--cases 1000000] [--db PATH] [--rounds 300]

Measures: the cost of saving one case (``store.cases.create``) as a ratio to a bare single-row
SQLite commit with the same pragmas on the same disk (goal ≤ 3); search latency by ID number and
by name of 1–4 characters, median and p95 (goal p95 ≤ 10 ms), with every name result checked
against a brute-force scan; ``LIKE '%…%'`` for comparison; `intake verify` time; file size per case.
A store given with ``--db`` that already holds enough cases is reused.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from intake.evaluation import Evaluator
from intake.models.parse import parse_application
from intake.store import Actor, Store
from intake.store.sample import fill
from intake.store.samplegen import Generator
from intake.store.search import normalise_name

BENCH = Actor("bench")


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def _progress(done: int, total: int, message: str) -> None:
    sys.stderr.write(f"\r{message}（{done * 100 // total}%）")
    sys.stderr.flush()


def prepare(path: Path, cases: int) -> float:
    """Fills the store up to ``cases``; returns seconds spent generating."""
    with Store.open(path) as store:
        (have,) = store.conn.execute("SELECT count(*) FROM cases").fetchone()
        if have >= cases:
            return 0.0
        start = time.perf_counter()
        fill(store, cases - have, Evaluator.load(), BENCH, seed=have, progress=_progress)
        sys.stderr.write("\n")
        return time.perf_counter() - start


def bare_commit_cost(folder: Path, rounds: int, payload: str) -> list[float]:
    """Single-row commits on a bare table with the store's pragmas."""
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (data) VALUES (?)", (payload,))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def save_cost(store: Store, rounds: int) -> list[float]:
    """``store.cases.create`` of already validated applications (the clerk pressed Save)."""
    gen = Generator(99)
    apps = [parse_application(gen.application()) for _ in range(rounds)]
    times = []
    for app in apps:
        start = time.perf_counter()
        store.cases.create(app, BENCH)
        times.append(time.perf_counter() - start)
    return times


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (POSIX; 0 elsewhere)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def search_costs(store: Store, rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]], int, int]:
    """Latencies by ID and by name fragment length; LIKE for comparison; exactness checks."""
    rng = random.Random(1)
    conn = store.conn
    (top,) = conn.execute("SELECT max(id) FROM cases").fetchone()
    picks = [conn.execute("SELECT applicant_id, applicant_name, number FROM cases WHERE id = ?",
                          (rng.randrange(1, top + 1),)).fetchone() for _ in range(rounds * 20)]
    latencies: dict[str, list[float]] = {"ID 号码": [timed(lambda: store.search(p[0])) for p in picks[:rounds]]}
    latencies["编号后几位"] = [timed(lambda: store.search(str(int(p[2][-6:])))) for p in picks[:rounds]]
    queries: dict[int, list[str]] = {}
    for length in (1, 2, 3, 4):
        names = [n for p in picks if len(n := normalise_name(p[1])) >= length][:rounds]
        queries[length] = [n[i : i + length] for n in names for i in [rng.randrange(len(n) - length + 1)]]
        latencies[f"姓名 {length} 字"] = [timed(lambda: store.search(q)) for q in queries[length]]
    like: dict[str, list[float]] = {}
    for length in (1, 2, 3):
        sql = "SELECT id FROM cases WHERE applicant_name LIKE ? ORDER BY id DESC LIMIT 51"
        like[f"LIKE 姓名 {length} 字"] = [timed(lambda: conn.execute(sql, (f"%{q}%",)).fetchall()) for q in queries[length][:20]]
    # exactness: the newest 50 matches by brute force over every name
    everyone = conn.execute("SELECT id, applicant_name FROM cases ORDER BY id DESC").fetchall()
    checked = wrong = 0
    for length in (1, 2, 3, 4):
        for q in queries[length][:10]:
            expected = [i for i, name in everyone if q in normalise_name(name)][:50]
            got = [h.case for h in store.search(q).hits]
            numbers = dict(conn.execute(
                f"SELECT id, number FROM cases WHERE id IN ({','.join('?' * len(expected))})", expected
            ).fetchall()) if expected else {}
            checked += 1
            wrong += got != [numbers[i] for i in expected]
    return latencies, like, checked, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description="案件库性能测试")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse or keep this store (default: a temporary file)")
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.db.parent if args.db else None) as tmp:
        folder = Path(tmp)
        path = args.db or folder / "bench.db"
        generated = prepare(path, args.cases)
        intake = Path(sys.executable).with_name("intake")
        cpu_before = _children_cpu()
        verify_seconds = timed(lambda: subprocess.run([str(intake), "verify", "--db", str(path)], check=True,
                                                      capture_output=True))
        verify_cpu = _children_cpu() - cpu_before
        with Store.open(path) as store:
            (cases,) = store.conn.execute("SELECT count(*) FROM cases").fetchone()
            size = sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists())
            latencies, like, checked, wrong = search_costs(store, args.rounds)
            payload = store.conn.execute("SELECT json FROM applications LIMIT 1").fetchone()[0]
            bare, saved = [], []
            for _ in range(3):  # interleaved, so both see the same disk conditions
                bare += bare_commit_cost(folder, args.rounds // 3, payload)
                saved += save_cost(store, args.rounds // 3)
    bare_median, bare_p95 = _ms(bare)
    save_median, save_p95 = _ms(saved)
    rows = [
        ("案件数", f"{cases:,}", ""),
        ("生成样例用时", f"{generated:.0f} s" if generated else "（复用已有库）", f"{generated / max(cases, 1) * 1e6:.0f} µs/件" if generated else ""),
        ("裸 SQLite 单行提交 中位/p95", f"{bare_median:.2f} / {bare_p95:.2f} ms", "同样的 PRAGMA"),
        ("保存一件案件 中位/p95", f"{save_median:.2f} / {save_p95:.2f} ms", f"比值 {save_median / bare_median:.2f}（目标 ≤ 3）"),
    ]
    for label, samples in latencies.items():
        median, p95 = _ms(samples)
        rows.append((f"查找 {label} 中位/p95", f"{median:.2f} / {p95:.2f} ms", f"{len(samples)} 次（目标 p95 ≤ 10 ms）"))
    for label, samples in like.items():
        median, p95 = _ms(samples)
        rows.append((f"对照 {label} 中位/p95", f"{median:.1f} / {p95:.1f} ms", f"{len(samples)} 次"))
    rows += [
        ("姓名结果与全表扫描一致", f"{checked - wrong}/{checked}", ""),
        ("intake verify 用时", f"{verify_seconds:.1f} s", f"其中 CPU {verify_cpu:.1f} s（机器繁忙时两者相差大）"),
        ("文件大小", f"{size / 1e6:,.0f} MB", f"{size / max(cases, 1):,.0f} 字节/件"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'项目':<{width}}{'结果':<24}说明")
    for label, value, note in rows:
        print(f"{label:<{width}}{value:<24}{note}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
