"""The follower's secret link: derived from a random key with the app's secret, stored only as a hash.

Unlike a registration's link, which is mailed once and rotated when mailed again, a follower's link
is in every mail they get (the page link and the one-click unsubscribe URL of RFC 8058, which mail
programs keep per message), so it must stay the same and be made again when each mail is queued.
The row keeps a random ``link_key`` and the SHA-256 of the link: the key alone (a leaked database)
makes no link without the app's ``SECRET_KEY``; a new key ends every earlier link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from ..site import Site


def new_link_key() -> str:
    return secrets.token_hex(32)


def link_token(secret: str, link_key: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), b"follower-link:" + link_key.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def page_url(site: Site, token: str) -> str:
    return site.link(f"/follow/{token}")


def unsubscribe_url(site: Site, token: str) -> str:
    return site.link(f"/follow/unsubscribe/{token}")


def unsubscribe_headers(site: Site, token: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: a one-click HTTPS unsubscribe (a POST with ``List-Unsubscribe=One-Click``)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(site, token)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
