"""What every browser test checks on a page: no serious or critical axe violation, nothing wider than the window."""

BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # contrast and layout are judged with the stylesheet applied
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}  {node.get('html', '')[:160]}  {summary}")
    return "\n".join(lines)


def assert_accessible(page, label: str = "") -> None:
    """No axe violation of impact serious or critical on the page as it is now."""
    violations = axe_violations(page)
    where = label or page.url
    assert not violations, f"axe found serious/critical violations on {where}:\n{format_violations(violations)}"


def width_problems(page) -> str | None:
    """None when nothing is wider than the window; else the widest elements, to say what to fix."""
    # After a click the next page's stylesheet may still be on its way; unstyled, a table is wider.
    page.wait_for_load_state("load")
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if sizes[0] <= sizes[1]:
        return None
    culprits = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
             (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
             ' ' + Math.round(el.getBoundingClientRect().right))""",
        sizes[1],
    )
    return f"{sizes[0]} px wide in a {sizes[1]} px window; too wide: {', '.join(culprits)}"


def on_a_phone(page, label: str) -> None:
    """The page as it is now, at 390 px: nothing wider than the window, and axe again."""
    page.set_viewport_size({"width": 390, "height": 900})
    problem = width_problems(page)
    assert problem is None, f"{label} at 390 px: {problem}"
    assert_accessible(page, f"{label} at 390 px")
