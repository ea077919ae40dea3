"""What one page must satisfy to be usable by everyone: the checks behind the accessibility tests."""
from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 900}

# Reads the focus indicator of the focused element, then of the same element unfocused.
FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const look = (s) => [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.textDecorationLine, s.borderColor].join('|');
  const focused = look(getComputedStyle(el));
  const outline = getComputedStyle(el).outlineStyle !== 'none' && parseFloat(getComputedStyle(el).outlineWidth) > 0;
  const shadow = getComputedStyle(el).boxShadow !== 'none';
  el.blur();
  const unfocused = look(getComputedStyle(el));
  el.focus();
  return {tag: el.tagName, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
          focused, unfocused, indicator: outline || shadow};
}"""


def axe_violations(page: Any) -> list[dict]:
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def check_page(page: Any, url: str, language: str, *, focus_walk: int = 0) -> list[str]:
    """Every problem found on the page that is open in ``page`` (at ``url``); empty when all is well."""
    problems: list[str] = []
    page.set_viewport_size(WIDE)

    violations = axe_violations(page)
    if violations:
        problems.append(f"axe found WCAG 2.1 A/AA violations:\n{describe(violations)}")

    if page.get_attribute("html", "lang") != language:
        problems.append(f'<html lang> is {page.get_attribute("html", "lang")!r}, expected {language!r}')
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"{h1_count} h1 elements (one per page)")
    footer = page.locator("footer")
    for path in ("/privacy", "/toegankelijkheid"):
        if footer.locator(f'a[href="{path}"]').count() != 1:
            problems.append(f"footer does not link {path}")

    # The skip link is the first thing a keyboard reaches, and it moves focus to the content. Tab is pressed from the
    # top of the document: blur() alone leaves Chromium's starting point at an autofocused error summary.
    page.evaluate(
        "() => { const root = document.documentElement; root.setAttribute('tabindex', '-1');"
        " root.focus({preventScroll: true}); root.blur(); root.removeAttribute('tabindex'); window.scrollTo(0, 0); }"
    )
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    if first != ["skip-link", "#main"]:
        problems.append(f"the first Tab stop is {first}, not the skip link to #main")
    else:
        if not page.locator(".skip-link").is_visible() or page.locator(".skip-link").bounding_box()["y"] < 0:
            problems.append("the focused skip link is not visible")
        page.keyboard.press("Enter")
        if page.evaluate("() => document.activeElement.id") != "main":
            problems.append("the skip link does not move focus to <main>")

    # Visible focus: every keyboard stop looks different when focused, with an outline or ring.
    for _ in range(focus_walk):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_STYLE_JS)
        if style is None:
            break
        if style["focused"] == style["unfocused"] or not style["indicator"]:
            problems.append(f"no visible focus on <{style['tag']}> {style['text']!r}")
            break

    # Reflow: usable at 320 CSS pixels without scrolling sideways (WCAG 1.4.10).
    page.set_viewport_size(NARROW)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        culprits = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                 .filter(e => e.getBoundingClientRect().right > limit + 1 && getComputedStyle(e).position !== 'absolute')
                 .slice(-3).map(e => e.tagName + (e.className ? '.' + String(e.className).split(' ')[0] : ''))""",
            NARROW["width"],
        )
        problems.append(f"at 320px the page is {width}px wide (scrolls sideways); widest: {culprits}")
    page.set_viewport_size(WIDE)
    return problems


def check_invalid_form(page: Any, form_selector: str) -> list[str]:
    """After an invalid submit every field marked invalid points at its message."""
    problems: list[str] = []
    invalid = page.locator("[aria-invalid=true]")
    if invalid.count() == 0:
        return [f"submitting {form_selector} empty marked no field as invalid"]
    for index in range(invalid.count()):
        field = invalid.nth(index)
        name = field.get_attribute("name")
        described = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{ident}']") for ident in described]
        texts = [m.inner_text().strip() for m in messages if m.count() == 1]
        if not any(texts):
            problems.append(f"invalid field {name!r} has no aria-describedby pointing at a message (has {described})")
        field_id = field.get_attribute("id")
        if not field_id or page.locator(f"label[for='{field_id}']").count() == 0 and not field.get_attribute("aria-label"):
            problems.append(f"invalid field {name!r} has no label")
    summary_links = page.locator(".error-summary a[href^='#']")
    for index in range(summary_links.count()):
        target = summary_links.nth(index).get_attribute("href")[1:]
        if page.locator(f"[id='{target}']").count() != 1:
            problems.append(f"error summary links to #{target}, which is not on the page")
    return problems
