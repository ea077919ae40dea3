"""The certificate's printed text in the reader's language: the bridge from models to the pure ``pdf`` module."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from ..i18n import LONG_DATE, current_language
from ..registrations.models import Registration
from ..site import Site
from . import pdf
from .codes import display
from .models import Certificate

CITY_DEAL = "City Deal Kennis Maken"


def render(registration: Registration, certificate: Certificate, site: Site) -> bytes:
    talkshow = registration.talkshow
    speakers = ", ".join(link.speaker.name for link in talkshow.speaker_links)
    facts = [
        (_("Date"), format_date(talkshow.starts_at, LONG_DATE)),
        (_("Theme"), talkshow.theme.display_name(current_language())),
    ]
    if speakers:
        facts.append((_("Speakers"), speakers))
    if talkshow.venue:
        facts.append((_("Venue"), talkshow.venue.name))
    code = display(certificate.code)
    text = pdf.CertificateText(
        heading=_("Certificate of attendance"),
        statement=_("This is to certify that"),
        name=certificate.name,
        attended=_("attended the talkshow"),
        title=talkshow.title,
        facts=facts,
        issuer=_("Den Haag Draait Door, a talkshow series of the %(deal)s", deal=CITY_DEAL),
        code_label=_("Verification code"),
        code=code,
        verify_hint=_("Anyone can check that this certificate is real at:"),
        verify_url=site.link(f"/verify/{code}"),
        document_title=_("Certificate of attendance: %(title)s", title=talkshow.title),
    )
    return pdf.render(text)
