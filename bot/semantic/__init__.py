"""Meaning-based matching: a sentence-embedding model run offline, and indexes built on it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.semantic.encoder import Encoder
from bot.semantic.index import EmbeddingCache, SemanticIndex, SemanticText

__all__ = ["EmbeddingCache", "Encoder", "SemanticIndex", "SemanticText", "Semantics", "model_loaded", "shared_encoder"]


@lru_cache(maxsize=1)
def shared_encoder() -> Encoder:
    """The one encoder of this process (the model takes about 60 MB once loaded)."""
    return Encoder()


def model_loaded() -> bool:
    """Whether this process has loaded the model (health checks report it)."""
    return shared_encoder.cache_info().currsize > 0


@dataclass(frozen=True)
class Semantics:
    """The encoder and where embeddings of the knowledge are kept between runs."""

    encoder: Encoder
    cache: EmbeddingCache | None = None

    @classmethod
    def load(cls, cache_dir: str | Path | None = None) -> Semantics:
        return cls(shared_encoder(), EmbeddingCache(cache_dir) if cache_dir else None)
