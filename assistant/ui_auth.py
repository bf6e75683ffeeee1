"""Password hashes for the UI login: `pbkdf2_sha256$iterations$salt_hex$hash_hex`, checked in constant time.

The users file is JSON `{"user": "<hash>"}`; make a hash with
`python -c "from assistant.ui_auth import hash_password; print(hash_password('secret'))"`.
Passwords are never logged, stored or shown; a malformed hash simply fails to verify.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from pathlib import Path

from .errors import SettingsError

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """A PBKDF2-SHA256 hash of `password` with a random 16-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash."""
    try:
        algorithm, iterations, salt_hex, hash_hex = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt_hex), int(iterations))
        return hmac.compare_digest(digest, bytes.fromhex(hash_hex))
    except (ValueError, TypeError):
        return False


def load_users(path: str | Path) -> dict[str, str]:
    """The users file as {user: hash}; SettingsError names the file when it is unusable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsError(f"cannot read the UI users file {str(path)!r}: {type(exc).__name__}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise SettingsError(f"the UI users file {str(path)!r} must be a JSON object {{\"user\": \"hash\"}}")
    return data


def make_checker(users: dict[str, str]) -> Callable[[str, str], bool]:
    """A Gradio `auth` callable; unknown users cost as much time as wrong passwords."""
    dummy = hash_password(secrets.token_hex(8), iterations=ITERATIONS)

    def check(user: str, password: str) -> bool:
        stored = users.get(user)
        ok = verify_password(password, stored or dummy)
        return ok and stored is not None

    return check
