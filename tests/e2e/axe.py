"""axe-core, vendored (see vendor/README.md), run in a page."""

from pathlib import Path

from tests.e2e.browsing import Tab

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(tab: Tab) -> list[dict]:
    """axe's serious and critical violations on the page as it is now. The tab must
    have been opened with bypass_csp=True: the site's CSP refuses injected scripts."""
    if not tab.page.evaluate("() => typeof window.axe === 'object'"):
        tab.page.add_script_tag(content=AXE_SOURCE)
    results = tab.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """One paragraph per violation: rule, impact, what is wrong, where (first nodes)."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)
