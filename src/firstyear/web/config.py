"""Configuration from the environment, failing fast with a hint.

Every setting firstyear reads is listed in ``dotenv-sample`` at the project root.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def data_dir() -> Path:
    """Where the embedded database, uploads and the development secret live."""
    raw = os.environ.get("FIRSTYEAR_DATA_DIR")
    if raw:
        return Path(raw).expanduser().resolve()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "firstyear"


def development_secret(directory: Path) -> str:
    """A per-installation random key for development mode, kept in the data directory.

    Never a hard-coded default: a leaked sample key must not sign anyone's sessions.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "development-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
