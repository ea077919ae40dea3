"""The SVG charts: accessible names, no scripts, bars in proportion, hidden numbers drawn as no bar."""

from __future__ import annotations

import re

from talkshow_app.impact.charts import Bar, Group, bar_chart, grouped_bar_chart


def test_a_bar_chart_is_an_image_with_a_title_and_a_description():
    svg = str(
        bar_chart("c", "Wie er kwamen", "Staven per achtergrond", [Bar("Student", 10, "10"), Bar("Docent", 5, "5")])
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Wie er kwamen</title>' in svg and "<desc" in svg and "<script" not in svg
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]  # in proportion
    assert 'viewBox="0 0 320 ' in svg


def test_a_suppressed_count_draws_no_bar_but_says_less_than_five():
    svg = str(bar_chart("c", "t", "d", [Bar("Gemeente", None, "< 5"), Bar("Student", 8, "8")]))
    assert svg.count("<rect") == 1 and "&lt; 5" in svg


def test_labels_are_escaped():
    svg = str(grouped_bar_chart("g", "t", "d", ["Ontvangen"], [Group("<b>Wonen</b>", [Bar("Ontvangen", 3, "3")])]))
    assert "<b>" not in svg and "&lt;b&gt;Wonen" in svg
