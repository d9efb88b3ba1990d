"""The development field key, read by settings before Django is set up (so no Django imports here).

Production sets ``FIRSTYEAR_FIELD_KEY`` (settings refuse to start without it). Development and test
generate one random key per installation and keep it in ``FIRSTYEAR_DATA_DIR``, as the secret key is
kept: never a hard-coded default, so a leaked sample key decrypts nobody's records.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path


def development_field_key(directory: Path) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "development-field-key"
    if not path.exists():
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()
