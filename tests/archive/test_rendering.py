"""Markdown bodies become safe HTML (pure)."""
from html.parser import HTMLParser

from talkshow_app.archive.rendering import render_markdown


def tags_and_attributes(html: str) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_markdown_is_rendered():
    html = render_markdown("# Kop\n\nDe **wijk** en [de gemeente](https://www.denhaag.nl).")
    assert "<h2>Kop</h2>" in html and "<strong>wijk</strong>" in html
    assert 'href="https://www.denhaag.nl"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_scripts_and_event_handlers_do_not_survive():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[klik](javascript:alert(1))')
    elements = tags_and_attributes(html)
    assert {tag for tag, _ in elements} == {"p"}  # raw HTML is shown as text, never as a tag
    assert all(not name.startswith("on") for _, attrs in elements for name in attrs)
    assert "&lt;script&gt;" in html


def test_sanitiser_is_the_last_line_for_links_and_images():
    html = render_markdown('[a](vbscript:x) ![b](javascript:alert(1)) <https://ok.example.org> ![k](https://example.org/k.png "t")')
    elements = tags_and_attributes(html)
    urls = [attrs.get("href") or attrs.get("src") for tag, attrs in elements if tag in {"a", "img"}]
    assert urls == ["https://ok.example.org", "https://example.org/k.png"]
