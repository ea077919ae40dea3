"""The certificate as a one-page A4 PDF, drawn with ReportLab. Pure: plain values in, bytes out (no Flask, no database).

The standard PDF fonts (Helvetica) need no font files; text they cannot encode (outside Latin-1)
is replaced by "?" rather than dropped silently or failing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

BLUE = (0x1D / 255, 0x4F / 255, 0x91 / 255)
MARGIN = 25 * mm
WIDTH, HEIGHT = A4


@dataclass(frozen=True)
class CertificateText:
    """Everything printed, already in the reader's language."""

    heading: str  # "Certificate of attendance"
    statement: str  # "This is to certify that"
    name: str
    attended: str  # "attended the talkshow"
    title: str
    facts: list[tuple[str, str]]  # (label, value): date, theme, speakers
    issuer: str  # the City Deal's name
    code_label: str
    code: str
    verify_hint: str  # "Check this certificate at …"
    verify_url: str
    document_title: str


def _safe(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _wrapped(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, line = _safe(text).split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and canvas.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])


def render(text: CertificateText) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(_safe(text.document_title))
    canvas.setAuthor(_safe(text.issuer))
    canvas.setSubject(_safe(text.heading))
    usable = WIDTH - 2 * MARGIN
    canvas.setFillColorRGB(*BLUE)
    canvas.rect(0, HEIGHT - 18 * mm, WIDTH, 18 * mm, stroke=0, fill=1)
    y = HEIGHT - 45 * mm
    canvas.setFont("Helvetica-Bold", 26)
    canvas.drawCentredString(WIDTH / 2, y, _safe(text.heading))
    y -= 20 * mm
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("Helvetica", 13)
    canvas.drawCentredString(WIDTH / 2, y, _safe(text.statement))
    y -= 14 * mm
    for line in _wrapped(canvas, text.name, "Helvetica-Bold", 22, usable):
        canvas.setFont("Helvetica-Bold", 22)
        canvas.drawCentredString(WIDTH / 2, y, line)
        y -= 10 * mm
    y -= 2 * mm
    canvas.setFont("Helvetica", 13)
    canvas.drawCentredString(WIDTH / 2, y, _safe(text.attended))
    y -= 12 * mm
    for line in _wrapped(canvas, text.title, "Helvetica-Bold", 17, usable):
        canvas.setFont("Helvetica-Bold", 17)
        canvas.drawCentredString(WIDTH / 2, y, line)
        y -= 8 * mm
    y -= 8 * mm
    for label, value in text.facts:
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(MARGIN, y, _safe(label))
        for line in _wrapped(canvas, value, "Helvetica", 11, usable - 40 * mm) or [""]:
            canvas.setFont("Helvetica", 11)
            canvas.drawString(MARGIN + 40 * mm, y, line)
            y -= 6 * mm
        y -= 2 * mm
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(MARGIN, 55 * mm, _safe(text.issuer))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(MARGIN, 40 * mm, _safe(f"{text.code_label}: {text.code}"))
    canvas.drawString(MARGIN, 34 * mm, _safe(text.verify_hint))
    canvas.drawString(MARGIN, 28 * mm, _safe(text.verify_url))
    canvas.linkURL(text.verify_url, (MARGIN, 26 * mm, WIDTH - MARGIN, 32 * mm), relative=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
