"""Benchmark of the evaluator: decisions per second for generated applications, validation
included, on one core; and the start-up cost of the whole `intake evaluate` process against
`python -c "import pydantic"` measured in the same run.

Usage: .venv/bin/python bench/bench_evaluate.py [--count N] [--repeat K] [--runs R] [--seed S]
Goals (issue 2): at least 20,000 decisions per second; process ratio at most 2.

Throughput is the best of K passes over all N applications (wall clock, one pinned CPU; the CPU
time of the same pass is shown too, as a check on a busy machine, and the sum of the best of ten
timings of each 20-application chunk of the sample, an estimate of the rate on a quiet core). The generated applications are
moved out of the garbage collector's view first (gc.freeze): they are the benchmark's input, not
the program's. Processes are timed with a bytecode cache (PYTHONPYCACHEPREFIX in a temporary
folder, as an installed or frozen build has), interleaved, median of R runs each. The floor row is
a process that defines one trivial pydantic model: what any pydantic model costs at start-up.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pydantic

from intake.evaluation import Evaluator
from intake.ids import USCC_ALPHABET, id_check_char, uscc_check_char
from intake.models.parse import parse_application

REPO = Path(__file__).resolve().parents[1]
GOAL_RATE = 20_000
GOAL_RATIO = 2.0
STAGE_SAMPLE = 20_000

# Counties: the sample county of the registry, a Fuzhou district (draft pack), another county.
COUNTIES = ["350502"] * 6 + ["350102"] * 2 + ["350583"] * 2
TOWNS = {"350502": ["350502001", "350502002", "350502003", "350502004"], "350102": ["350102001", "350102002"],
         "350583": ["350583100", "350583101"]}
DAYS = ["2017-03-15", "2017-06-01", "2017-09-20", "2018-01-10", "2018-05-05"]
NAMES = ["林晓", "陈静怡", "王建国", "黄丽华", "张伟", "吴海燕", "郑志强", "刘芳"]


class Generator:
    """Realistic applications with valid identifiers: every path, address step and outcome occurs."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def id_number(self, lo: int = 1950, hi: int = 2000) -> str:
        r = self.rnd
        area = r.choice(["350583", "350502", "350102", "352201", "110105", "360426"])
        first17 = f"{area}{r.randint(lo, hi)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{r.randint(0, 999):03d}"
        return first17 + id_check_char(first17)

    def uscc(self, county: str) -> str:
        body = "91" + county + "".join(self.rnd.choice(USCC_ALPHABET) for _ in range(9))
        return body + uscc_check_char(body)

    def town(self, county: str) -> str:
        if self.rnd.random() < 0.1:
            county = self.rnd.choice(list(TOWNS))
        return self.rnd.choice(TOWNS[county])

    def window(self) -> tuple[str, str | None]:
        return self.rnd.choice([("2016-03-01", None), ("2017-01-01", "2019-12-31"), ("2016-01-01", "2017-05-31"),
                                ("2016-07-01", "2021-06-30")])

    def application(self) -> dict[str, Any]:
        r = self.rnd
        county = r.choice(COUNTIES)
        me = self.id_number(1975, 1999)
        name = r.choice(NAMES)
        employer = self.uscc(county)
        docs: list[dict[str, Any]] = []
        if r.random() < 0.95:
            docs.append({"type": "id_card", "id_number": me, "name": name})
        kind = r.choices(["settle", "student_collective", "return_to_origin"], [90, 6, 4])[0]
        if kind == "student_collective":
            docs.append({"type": "admission_notice", "school": "福州大学",
                         "division": r.choice(["350102", "350203", "110108"])})
        elif kind == "settle":
            credential = r.choice(["higher", "vocational", "skills", "overseas", "none", "none"])
            if credential in ("higher", "vocational"):
                docs.append({"type": "graduation_certificate",
                             "school_kind": "higher_education" if credential == "higher" else "vocational",
                             "number": f"10384{r.randint(10**10, 10**11)}", "graduated_on": "2016-07-01"})
            elif credential == "skills":
                docs.append({"type": "skills_certificate", "level": r.choice(["primary", "intermediate", "technician"]),
                             "number": f"S{r.randint(10**6, 10**7)}", "certified_by": r.choice([county, county, "350102"])})
            elif credential == "overseas":
                docs.append({"type": "overseas_credential_certification", "number": f"教留服认{r.randint(1, 99999)}",
                             "issuer": r.choice(["中国留学服务中心", "中国留学服务中心", "某留学中介"])})
            if r.random() < 0.75:
                start, end = self.window()
                docs.append({"type": "labor_contract", "employer_name": "某某科技有限公司", "employer_uscc": employer,
                             "start": start, "end": end, "workplace_township": self.town(county)})
            elif r.random() < 0.3:
                docs.append({"type": "business_license", "uscc": employer, "holder_id_number": me,
                             "township": self.town(county)})
            home = r.random()
            if home < 0.25:
                docs.append({"type": "property_certificate", "owner_id_numbers": [me], "address": "某小区3幢1201室",
                             "township": self.town(county)})
            elif home < 0.6:
                start, end = self.window()
                docs.append({"type": "rental_proof", "lessee_id_number": me, "address": "某路8号502室",
                             "township": self.town(county), "start": start, "end": end,
                             "registration_number": r.choice(["", "租备2017-0088"])})
            if r.random() < 0.2:
                docs.append({"type": "collective_household_acceptance",
                             "employer_uscc": employer if r.random() < 0.8 else self.uscc(county),
                             "township": self.town(county)})
            if r.random() < 0.3:
                docs.append({"type": "social_insurance_record", "months": r.randint(0, 120)})
            if r.random() < 0.15:
                docs.append({"type": "residence_permit", "number": f"3505{r.randint(10**8, 10**9)}",
                             "valid_from": r.choice(["2010-05-01", "2014-03-01", "2016-08-01"])})
            if r.random() < 0.05:
                docs.append({"type": "discharge_certificate", "number": f"退{r.randint(1000, 9999)}",
                             "discharged_on": "2015-09-01"})
        if r.random() < 0.3:
            docs.append({"type": "household_register", "division": "350583", "address": "南安市溪美街道某村12号"})
        family = []
        if kind == "settle" and r.random() < 0.25:
            family.append({"relation": "spouse", "id_number": self.id_number(1975, 1999), "name": "陈静怡"})
            if r.random() < 0.5:
                family.append({"relation": "child", "id_number": self.id_number(2000, 2016), "name": "林小"})
        r.shuffle(docs)
        return {
            "application_date": r.choice(DAYS), "jurisdiction": county, "kind": kind,
            "applicant": {"id_number": me, "name": name, "phone": "13805012345", "rural_origin": r.random() < 0.4},
            "family": family, "documents": docs,
        }


def pin_to_one_core() -> str:
    """Runs the throughput measurement on a single CPU where the platform allows it."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"CPU {cpu}"
    return "unpinned"


def best_pass(fn: Any, items: list[Any], repeat: int) -> tuple[float, float]:
    """(wall, cpu) seconds of the fastest of ``repeat`` passes of ``fn`` over ``items``."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        for item in items:
            fn(item)
        best = min(best, (time.perf_counter() - w, time.process_time() - c))
    return best


def chunked_best(fn: Any, items: list[Any], repeat: int, size: int = 20) -> float:
    """Seconds for all items when each chunk of ``size`` is timed ``repeat`` times and its best
    kept: an estimate of the rate on a quiet core, since other processes rarely interrupt every
    run of about a millisecond."""
    total = 0.0
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        total += best_pass(fn, chunk, repeat)[0]
    return total


def throughput(evaluator: Evaluator, apps: list[dict[str, Any]], texts: list[str], repeat: int) -> dict[str, Any]:
    """Seconds for each stage over all applications (best of ``repeat``), and the outcome mix."""
    parse, decide = parse_application, evaluator.decide
    outcomes = Counter(decide(parse(data)).outcome for data in apps)
    parsed = [parse(data) for data in apps]
    gc.collect()
    gc.freeze()
    total, total_cpu = best_pass(lambda data: decide(parse(data)), apps, repeat)
    k = min(len(apps), STAGE_SAMPLE)  # the stages alone, on a sample: per-item figures
    quiet = chunked_best(lambda data: decide(parse(data)), apps[:k], max(repeat, 10)) * len(apps) / k
    return {
        "total": total,
        "total_cpu": total_cpu,
        "quiet": quiet,
        "parse": best_pass(parse, apps[:k], repeat)[0] * len(apps) / k,
        "evaluate": best_pass(decide, parsed[:k], repeat)[0] * len(apps) / k,
        "from_text": best_pass(lambda text: decide(parse(text)), texts[:k], repeat)[0] * len(apps) / k,
        "outcomes": outcomes,
        "count": len(apps),
    }


FLOOR = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)"


def process_times(runs: int, application: Path, env: dict[str, str]) -> dict[str, float]:
    """Median wall seconds of each process, runs interleaved so load changes hit all alike."""
    exe = Path(sys.executable).with_name("intake")
    intake = [str(exe)] if exe.exists() else [sys.executable, "-m", "intake.cli.main"]
    commands = {
        "evaluate": intake + ["evaluate", str(application)],
        "pydantic": [sys.executable, "-c", "import pydantic"],
        "floor": [sys.executable, "-c", FLOOR],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):  # the first round fills the bytecode cache and is dropped
        for name, command in commands.items():
            t = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            if round_:
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(values) for name, values in times.items()}


def import_breakdown(application: Path, env: dict[str, str], top: int = 8) -> list[tuple[str, float]]:
    """Self import time of `intake evaluate` by top-level package (intake by subpackage), in ms."""
    code = "import sys; from intake.cli.main import main; sys.exit(main(sys.argv[1:]))"
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "evaluate", str(application)],
                         capture_output=True, text=True, env=env)
    groups: dict[str, float] = defaultdict(float)
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        self_us, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
        if not self_us.isdigit():
            continue
        parts = name.split(".")
        group = ".".join(parts[:2]) if parts[0] == "intake" else parts[0]
        groups[group] += int(self_us) / 1000
    ranked = sorted(groups.items(), key=lambda kv: -kv[1])
    rest = sum(ms for _, ms in ranked[top:])
    return ranked[:top] + [(f"{len(ranked) - top} others", rest)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="generated applications (default 100000)")
    parser.add_argument("--runs", type=int, default=9, help="process runs for the start-up ratio (default 9)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the applications; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=2017, help="random seed of the generator")
    args = parser.parse_args()

    example = REPO / "examples" / "graduate-employed.json"
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        processes = {k: v * 1000 for k, v in process_times(args.runs, example, env).items()}
        breakdown = import_breakdown(example, env)

    core = pin_to_one_core()
    t = time.perf_counter()
    evaluator = Evaluator.load()
    load_ms = (time.perf_counter() - t) * 1000
    generator = Generator(args.seed)
    apps = [generator.application() for _ in range(args.count)]
    texts = [json.dumps(a, ensure_ascii=False) for a in apps]
    result = throughput(evaluator, apps, texts, args.repeat)

    n = result["count"]
    rate = n / result["total"]
    evaluate_ms, pydantic_ms, floor_ms = processes["evaluate"], processes["pydantic"], processes["floor"]
    ratio = evaluate_ms / pydantic_ms
    mix = ", ".join(f"{k} {v / n:.0%}" for k, v in sorted(result["outcomes"].items()))

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("applications (generated)", f"{n:,}", "", ""),
        ("decisions/s, parse_application + evaluate", f"{rate:,.0f}/s", f"≥ {GOAL_RATE:,}/s", verdict(rate >= GOAL_RATE)),
        ("  same pass by CPU time", f"{n / result['total_cpu']:,.0f}/s", "", ""),
        ("  quiet-core estimate (best of 10, 20-app chunks)", f"{n / result['quiet']:,.0f}/s", "", ""),
        ("  µs per decision", f"{1e6 / rate:.1f} µs", "", ""),
        ("  µs in parse_application (dict), sample", f"{1e6 * result['parse'] / n:.1f} µs", "", ""),
        ("  µs in evaluate, sample", f"{1e6 * result['evaluate'] / n:.1f} µs", "", ""),
        ("decisions/s from JSON text, sample", f"{n / result['from_text']:,.0f}/s", "", ""),
        ("outcomes", mix, "", ""),
        ("load rules + township registry", f"{load_ms:.0f} ms", "", ""),
        (f"`intake evaluate` process (median of {args.runs})", f"{evaluate_ms:.0f} ms", "", ""),
        (f"`python -c \"import pydantic\"` (median of {args.runs})", f"{pydantic_ms:.0f} ms", "", ""),
        ("process ratio", f"{ratio:.2f}", f"≤ {GOAL_RATIO:g}", verdict(ratio <= GOAL_RATIO)),
        ("floor: one trivial pydantic model process", f"{floor_ms:.0f} ms", "", ""),
        ("floor ratio", f"{floor_ms / pydantic_ms:.2f}", "", ""),
    ]
    print(f"bench_evaluate — Python {platform.python_version()}, pydantic {pydantic.VERSION}, "
          f"{core}, seed {args.seed}")
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "value", "goal", "")
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print()
    print("`intake evaluate` start-up: self import time by package (one -X importtime run)")
    for name, ms in breakdown:
        print(f"  {name:28s} {ms:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
