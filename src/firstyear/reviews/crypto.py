"""Identifiers encrypted at rest: Fernet tokens of small JSON documents, keys from the environment.

``FIRSTYEAR_FIELD_KEY`` holds one or more Fernet keys, comma-separated, newest first. Encryption
uses the first; decryption tries each (``MultiFernet``), so a new key can be put in front and the
records re-encrypted with ``firstyear reviews rotate-key`` before the old key is removed.

NHS numbers are also kept as a *blind index*: an HMAC-SHA256 of the digits under a key derived
from the primary field key, so a duplicate notification can be found without decrypting anything.
The index is recomputed on key rotation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "blind_index", "decrypt", "encrypt", "fernet", "rotate"]


def _keys(raw: str) -> list[bytes]:
    keys = [k.strip().encode() for k in raw.split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured("FIRSTYEAR_FIELD_KEY is empty: set one or more Fernet keys.")
    return keys


@lru_cache(maxsize=4)
def _fernet_for(raw: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k) for k in _keys(raw)])
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"FIRSTYEAR_FIELD_KEY holds something that is not a Fernet key ({exc}). Generate one with: "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None


def fernet() -> MultiFernet:
    return _fernet_for(settings.FIRSTYEAR_FIELD_KEY)


@lru_cache(maxsize=4)
def _index_key(raw: str) -> bytes:
    return hashlib.sha256(b"firstyear/reviews/nhs-number-index/v1\x00" + _keys(raw)[0]).digest()


def encrypt(data: dict) -> str:
    """A dict of identifiers as one Fernet token (text). Empty values are dropped."""
    payload = {k: v for k, v in data.items() if v not in (None, "")}
    return fernet().encrypt(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict:
    if not token:
        return {}
    return json.loads(fernet().decrypt(token.encode()))


def rotate(token: str) -> str:
    """Re-encrypt ``token`` under the primary (first) key."""
    return fernet().rotate(token.encode()).decode() if token else token


def blind_index(nhs_number: str) -> str:
    digits = "".join(ch for ch in nhs_number or "" if ch.isdigit())
    if not digits:
        return ""
    return hmac.new(_index_key(settings.FIRSTYEAR_FIELD_KEY), digits.encode(), hashlib.sha256).hexdigest()
