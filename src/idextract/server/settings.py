"""What the operator chose at start-up: address, keys, engine, slots, limits. No FastAPI here."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS
from ..urls import Address

__all__ = ["ENV_API_KEYS", "Settings", "hash_key", "is_loopback"]

#: Comma-separated API keys, read when ``--api-key`` is not given (keeps keys out of ``ps``).
ENV_API_KEYS = "IDEXTRACT_API_KEYS"
#: The model name of the hosted contract; answered by the configured engine.
CONTRACT_MODEL = "deepseek-ocr"


def hash_key(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_body_limit(max_bytes: int) -> int:
    """The largest JSON body that can carry a ``max_bytes`` image as base64, plus room for the
    other fields: base64 is 4/3 the bytes."""
    return math.ceil(max_bytes / 3) * 4 + 64 * 1024


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    key_hashes: tuple[bytes, ...] = ()
    engine: str | None = None
    slots: int = 1
    queue: int = 8
    timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_body: int = 0  # 0: default_body_limit(max_bytes)
    allow_private_urls: bool = False
    private_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    rate_limit: float = 0.0  # requests per minute per key; 0: none
    rate_burst: int = 0  # requests a key may make at once (0: a minute's worth)
    max_downloads: int = 16
    docs: bool = True
    engine_threads: int | None = None

    def __post_init__(self) -> None:
        if not self.max_body:
            self.max_body = default_body_limit(self.max_bytes)

    @classmethod
    def with_keys(cls, keys: Iterable[str], **kwargs: object) -> Settings:
        hashes = tuple(hash_key(k.strip()) for k in keys if k.strip())
        return cls(key_hashes=hashes, **kwargs)  # type: ignore[arg-type]

    @property
    def engine_name(self) -> str:
        return (self.engine or os.environ.get("IDEXTRACT_OCR", "").strip() or "rapidocr").lower()

    @property
    def models(self) -> tuple[str, ...]:
        """The model names ``POST /v1/ocr`` accepts: the contract's and the engine's own."""
        return (CONTRACT_MODEL, self.engine_name)

    def key_index(self, presented: str) -> int | None:
        """1-based position of the key ``presented`` among the configured ones (None: unknown).
        Every stored hash is compared, in constant time each, whichever matches."""
        digest = hash_key(presented)
        found = None
        for i, stored in enumerate(self.key_hashes, 1):
            if hmac.compare_digest(digest, stored) and found is None:
                found = i
        return found

    def address_allowed(self, address: Address) -> bool:
        """Whether a non-public address may be fetched (the operator's ``--allow-private-network``)."""
        return any(address in net for net in self.private_networks)
