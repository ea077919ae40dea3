"""At 320 px /matching stacks its tables per row, so the key column (question, theme, district) stays in view;
the archive's filter chips wrap and work without JavaScript."""

from __future__ import annotations


def test_matching_tables_stack_at_320_px_with_the_key_column_visible(live_server, page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.absolute("/matching"))

    tables = page.locator("table.matching-table")
    assert tables.count() == 3
    for index in range(tables.count()):
        keys = tables.nth(index).locator("tbody th[scope=row]")
        assert keys.count() > 0
        for row in range(keys.count()):
            box = keys.nth(row).bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, "a key cell is hidden"
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, f"table {index} row {row} leaves the screen: {box}"
        # Stacked cells name their column, since the header row is out of sight.
        label = (
            tables.nth(index).locator("tbody td").first.evaluate("cell => getComputedStyle(cell, '::before').content")
        )
        heading = tables.nth(index).locator("thead th").nth(1).text_content() or ""
        assert heading.strip() and f"{heading.strip()}: " in label, (heading, label)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways ({width} px wide)"


def test_archive_filter_chips_wrap_at_320_px_and_work_without_javascript(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="nl-NL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(
            live_server.absolute("/archive?q=samen+leven+en+werken+in+de+wijk&type=report&type=recording&type=slides")
        )
        chips = page.locator("a.filter-chip")
        assert chips.count() == 4
        for index in range(chips.count()):
            box = chips.nth(index).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_role("link", name="Filter verwijderen: Rapport").click()
        page.wait_for_url("**/archive?**")
        assert page.locator("a.filter-chip").count() == 3
        page.get_by_role("link", name="Alles wissen").click()
        assert page.locator("a.filter-chip").count() == 0
    finally:
        context.close()
