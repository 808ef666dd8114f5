"""Unguessable links for units.

A link's token is an HMAC of a random per-invitation nonce under the app's secret key: the
database keeps the nonce and the token's hash, never the token, yet the app can put the same
link in a reminder. A new nonce revokes the old link. The outbox keeps the invitation's id
and the link is built when the message is sent (notifications/links.py); logs show a unit
path masked (`mask_secret_paths`), with a prefix of the token's hash to find the invitation.
"""

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

# The secret segment of a unit's path (/u/<token>/…, /api/v1/u/<token>/…, a period report's
# /r/<token>, /api/v1/r/<token>, the issued directive's /issued/<id>/<token>), in a path or a
# full link; an already masked segment is left alone so masking twice changes nothing.
SECRET_PATH = re.compile(r"(/(?:(?:api/v1/)?[ur]|issued/\d+)/)(?!\[masked:)([^/?#\s\"'<>]+)")


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Links:
    base_url: str
    secret: str

    def token(self, nonce: str) -> str:
        mac = hmac.new(self.secret.encode(), f"invitation:{nonce}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def invitation_url(self, nonce: str) -> str:
        return f"{self.base_url.rstrip('/')}/u/{self.token(nonce)}"

    def report_token(self, nonce: str) -> str:
        """A unit's link to its report for one period (issue 12): keyed apart from the
        invitations ("report:"), so one nonce never opens both kinds of page."""
        mac = hmac.new(self.secret.encode(), f"report:{nonce}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def report_url(self, nonce: str) -> str:
        return f"{self.base_url.rstrip('/')}/r/{self.report_token(nonce)}"

    def issue_report(self) -> tuple[str, str, str]:
        """A fresh (nonce, raw report token, token hash)."""
        nonce = new_nonce()
        raw = self.report_token(nonce)
        return nonce, raw, token_hash(raw)

    def issued_token(self, directive_id: int) -> str:
        """The issued directive's link for its recipients (no account): a read of one
        issued document, so an HMAC of its id suffices, and no table holds it."""
        mac = hmac.new(self.secret.encode(), f"issued:{directive_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def issued_url(self, directive_id: int) -> str:
        token = self.issued_token(directive_id)
        return f"{self.base_url.rstrip('/')}/issued/{directive_id}/{token}"

    def issued_valid(self, directive_id: int, token: str) -> bool:
        return hmac.compare_digest(self.issued_token(directive_id), token)

    def issue(self) -> tuple[str, str, str]:
        """A fresh (nonce, raw token, token hash)."""
        nonce = new_nonce()
        raw = self.token(nonce)
        return nonce, raw, token_hash(raw)


def mask_secret_paths(text: str) -> str:
    """`/u/<token>` → `/u/[masked:1a2b3c4d]` (the first 8 hex digits of the token's hash)."""
    return SECRET_PATH.sub(lambda m: f"{m.group(1)}[masked:{token_hash(m.group(2))[:8]}]", text)
