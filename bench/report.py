"""The report of a run: the figures table with each endpoint's ratio to the floor, the
verdict of every target, summary.md, results.json, and reading an earlier run back.
"""

import json
from pathlib import Path

from bench.environment import log
from bench.load import Result, cpu_columns, cpu_cost
from bench.plan import EXPECTED_STATUS, MAX_COUNTER_LAG, TARGET_RATIO


def base_floor(results: dict[str, Result]) -> Result:
    """What every ratio divides by: the bare floor (older runs: the whole-stack floor)."""
    return results.get("bare floor") or results["floor"]


def judge(name: str, result: Result, floor: float) -> tuple[float, int, bool | None]:
    """An endpoint's ratio to the floor, its errors, and whether it met its target
    (None where it has none)."""
    target = TARGET_RATIO[name]
    ratio = result.rps / floor
    errors = result.errors(EXPECTED_STATUS.get(name, {200}))
    return ratio, errors, None if target is None else ratio >= target and not errors


def figures_table(results: dict[str, Result], floor: float) -> list[str]:
    floor_cost = cpu_cost(base_floor(results))
    lines = [
        "| endpoint | req/s | ratio to bare floor | target | p50 ms | p99 ms | errors | pass "
        "| CPU ms/request (server+db) | CPU-normalised ratio | CPU cores: server / db / "
        "client / other |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for name, target in TARGET_RATIO.items():
        if name not in results:
            continue
        result = results[name]
        ratio, errors, passed = judge(name, result, floor)
        verdict = "—" if passed is None else ("PASS" if passed else "FAIL")
        cost = cpu_cost(result)
        normalised = f"{floor_cost / cost:.2f}" if cost and floor_cost else ""
        lines.append(
            f"| {name} | {result.rps:.0f} | {ratio:.2f} | "
            f"{'—' if target is None else f'≥ {target}'} | {result.p50_ms:.1f} | "
            f"{result.p99_ms:.1f} | {errors} | {verdict} | {cost or 0:.2f} | {normalised} | "
            f"{cpu_columns(result.cpu)} |"
        )
    return lines


def verdicts(report: dict) -> list[tuple[str, bool | None, str]]:
    results, floor = report["results"], base_floor(report["results"]).rps
    out = []
    for name, target in TARGET_RATIO.items():
        if target is None or name not in results:
            continue
        ratio, errors, passed = judge(name, results[name], floor)
        out.append(
            (
                f"{name} ≥ {target} × bare floor, no errors",
                passed,
                f"{ratio:.2f} × bare floor, {errors} errors",
            )
        )
    if "sign" in report:
        check = report["sign"]["check"]
        out.append(("sign: no lost or doubled signatures", check["exact"], str(check)))
        intake = report["sign"].get("intake")
        if intake:
            # Measured, no target: how long signers wait for their email at the most.
            label = "office intake: every signature taken in and emailed after the load"
            out.append((label, None, str(intake)))
    if "confirm" in report:
        check, lag = report["confirm"]["check"], report["confirm"]["lag"]
        out.append(("confirm: counted exactly once, counter = rows", check["exact"], str(check)))
        passed = lag["max_s"] is not None and lag["max_s"] <= MAX_COUNTER_LAG
        where = " through the reverse cache" if lag.get("through") == "reverse cache" else ""
        label = f"displayed total{where} lags rows ≤ {MAX_COUNTER_LAG:.0f} s"
        out.append((label, passed, str(lag)))
    if "overload" in report:
        item = report["overload"]
        via = "through HAProxy" if item.get("via") == "haproxy" else "app server direct"
        detail = (
            f"{via}: offered {item['offered_rps']['spike']}/s against a capacity of "
            f"{item['capacity_rps']}/s; "
            f"spike statuses {item['spike']['statuses']}, {item['spike']['retry_after']} with "
            f"Retry-After, served p99 {item['spike']['p99_ms_served']} ms; recovered after "
            f"{item['recovered_after_s']} s"
        )
        out.append(("overload 3×: clean 429/503 + Retry-After, recovers", item["pass"], detail))
    if "same_address" in report:
        item = report["same_address"]
        out.append(("1,000 same-address attempts: one signature", item["pass"], str(item)))
    if "flat" in report:
        for name, item in report["flat"].items():
            out.append((f"flat cost {name}: p50 ≤ 1.25 × empty", item["pass"], str(item)))
    if "memory" in report:
        item = report["memory"]
        detail = f"max growth {item['max_growth']}, restarted {item['workers_restarted']}"
        out.append(("worker RSS growth < 10%", item["pass"], detail))
    if "weight" in report:
        item = report["weight"]
        out.append(("campaign page ≤ 60 KB compressed", item["pass"], f"{item['total_bytes']:,} B"))
    return out


def summary_markdown(report: dict) -> str:
    results, floor = report["results"], base_floor(report["results"]).rps
    lines = [
        f"Run {report['run_id']} ({'quick' if report['quick'] else 'full'}), "
        f"server: {report['server']}",
        "",
        f"Machine: {report['machine']}",
        "",
        *([f"Roles: {report['roles']}", ""] if "roles" in report else []),
        *figures_table(results, floor),
        "",
    ]
    if "uncached_full" in report:
        lines += [
            "Without the page cache (PAGE_CACHE_SECONDS=0), full data against near-empty:",
            "",
            "| page | full req/s | full ratio to bare floor | full p50 ms | empty req/s | "
            "empty p50 ms | p50 full/empty | CPU ms/request full | empty |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, item in report["flat"].items():
            full, empty = report["uncached_full"][name], report["uncached_empty"][name]
            lines.append(
                f"| {name} | {full.rps:.0f} | {full.rps / floor:.2f} | {full.p50_ms:.1f} | "
                f"{empty.rps:.0f} | {empty.p50_ms:.1f} | {item['ratio']:.2f} | "
                f"{item.get('cpu_ms_full', 0):.2f} | {item.get('cpu_ms_empty', 0):.2f} |"
            )
        lines.append("")
    lines += [
        "| target | result | detail |",
        "|---|---|---|",
    ]
    for name, passed, detail in verdicts(report):
        verdict = "—" if passed is None else ("PASS" if passed else "FAIL")
        lines.append(f"| {name} | {verdict} | {detail} |")
    return "\n".join(lines) + "\n"


def save(report: dict, out: Path) -> None:
    def default(value):
        return value.as_dict() if isinstance(value, Result) else str(value)

    (out / "results.json").write_text(json.dumps(report, indent=2, default=default))
    (out / "summary.md").write_text(summary_markdown(report))


def load_report(path: Path) -> dict:
    """A saved results.json with its figures as Result objects again."""
    report = json.loads(path.read_text())

    def result(data: dict) -> Result:
        return Result(**{"raw": {}, **data})

    for key in ("results", "uncached_full", "uncached_empty"):
        if key in report:
            report[key] = {name: result(data) for name, data in report[key].items()}
    for key in ("sign", "confirm"):
        if key in report:
            report[key]["result"] = result(report[key]["result"])
    return report


def rewrite_summary(directory: Path) -> None:
    """summary.md of an earlier run, written again from its results.json, and printed."""
    report = load_report(directory / "results.json")
    (directory / "summary.md").write_text(summary_markdown(report))
    log(summary_markdown(report))
