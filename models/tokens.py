"""Unguessable links for units.

A link's token is an HMAC of a random per-invitation nonce under the app's secret key: the
database keeps the nonce and the token's hash, never the token, yet the app can put the same
link in a reminder. A new nonce revokes the old link.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass


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

    def issue(self) -> tuple[str, str, str]:
        """A fresh (nonce, raw token, token hash)."""
        nonce = new_nonce()
        raw = self.token(nonce)
        return nonce, raw, token_hash(raw)
