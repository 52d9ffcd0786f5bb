"""Sentence embeddings from all-MiniLM-L6-v2, run offline with onnxruntime.

The model is an int8 ONNX export shipped inside the package (``bot/semantic/model``, made by
``scripts/export_embedding_model.py``), so nothing is downloaded at run time and torch is not
needed. A text becomes a 384-dimensional unit vector: the mean of the transformer's token
states, as sentence-transformers computes it, so the cosine similarity of two texts is the dot
product of their vectors.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
DIMENSIONS = 384
# Questions are short; longer texts are cut here (the model was trained on up to 256 tokens).
MAX_TOKENS = 128
BATCH = 64
RECENT_TEXTS = 4096
# A message whose parts are pooled from one run is read up to here (the model's own limit).
MAX_PART_TOKENS = 256
RECENT_STATES = 8  # token states kept of the last few texts run (about 400 KB each at most)
SCHEME = "mean-pooled, one text per run"  # part of the cache key: change it when embeddings change

Vectors = npt.NDArray[np.float32]
Vector = npt.NDArray[np.float32]  # one row


class Encoder:
    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.model_dir = model_dir
        one_blas_thread()
        options = onnxruntime.SessionOptions()
        # One thread: messages are short, and the bot serves several people at once on few cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # texts run one at a time, so never padded
        self._part_tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._part_tokenizer.enable_truncation(MAX_PART_TOKENS)
        self._part_tokenizer.no_padding()
        self._states: dict[bytes, Vectors] = {}  # the token states of the last few texts run
        self._recent: dict[bytes, Vector] = {}
        self._read: dict[str, bytes] = {}  # the tokens of recent texts (triage and the matcher share many)
        self._lock = threading.Lock()
        self.runs = 0  # texts run through the model so far (benchmarks count them per message)

    @cached_property
    def version(self) -> str:
        """A short hash of the model and tokenizer files, for keying caches of embeddings.

        The whole files are hashed: two exports of the same network differ only in their weights,
        deep inside the file, with the same size and the same first bytes."""
        digest = hashlib.sha256(SCHEME.encode())
        for name in ("model.onnx", "tokenizer.json"):
            digest.update(f"{name}:".encode())
            with (self.model_dir / name).open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()[:12]

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors for ``texts``, one row each.

        The last few thousand texts are remembered by what the model reads of them, their
        tokens: a message is read by triage and the matcher, which may write it differently
        ("Spleen-10" and "spleen 10" are the same tokens), and people repeat themselves."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        if len(texts) > BATCH:
            return self._encode_many(texts)
        keys = [self._tokens(text) for text in texts]
        with self._lock:
            known = {key: self._recent[key] for key in keys if key in self._recent}
        missing = [key for key in dict.fromkeys(keys) if key not in known]
        if missing:
            # One at a time: a batch pads every text to the longest, and a message's sentences
            # differ a lot in length (4 texts of 15-80 tokens: 12 ms apart, 23 ms batched).
            fresh = {key: self._run(key) for key in missing}
            known.update(fresh)
            with self._lock:
                self._recent.update(fresh)
                while len(self._recent) > RECENT_TEXTS:
                    self._recent.pop(next(iter(self._recent)))
        return np.stack([known[key] for key in keys])

    def encode_parts(self, text: str, parts: Sequence[str]) -> Vectors:
        """Unit vectors for ``parts`` of ``text`` (``text`` itself, then its sentences, say),
        from one run of the model over ``text``: a part is the mean of its own tokens' states,
        read in the context of the whole, rather than a run of its own. ``text`` as a part is
        the mean of all its tokens' states, as :meth:`encode` embeds it (the same vector, up to
        :data:`MAX_TOKENS`; a longer text is read further, up to :data:`MAX_PART_TOKENS`). A part
        not found in ``text`` in order, or past what the run reads, is run on its own."""
        encoding = self._part_tokenizer.encode(text)
        if len(encoding.ids) <= MAX_TOKENS and all(part == text for part in parts):
            return self.encode(parts)  # the message alone (remembered, maybe embedded already)
        tokens = np.asarray(encoding.ids, dtype=np.int32).tobytes()
        offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
        ordinary = np.asarray(encoding.special_tokens_mask, dtype=np.int64) == 0
        states = self._states_of(tokens)
        result = np.zeros((len(parts), DIMENSIONS), dtype=np.float32)
        at = 0
        for row, part in enumerate(parts):
            if part == text:
                result[row] = _pooled(states)
                continue
            start = text.find(part, at)
            inside = ordinary & (offsets[:, 0] >= start) & (offsets[:, 1] <= start + len(part))
            if start < 0 or not inside.any():
                result[row] = self.encode([part])[0]
                continue
            at = start + len(part)
            result[row] = _pooled(states[inside])
        return result

    def forget(self) -> None:
        """Drop the remembered embeddings, tokens and token states (benchmarks measure without them)."""
        with self._lock:
            self._recent.clear()
            self._read.clear()
            self._states.clear()

    def _encode_many(self, texts: Sequence[str]) -> Vectors:
        """Many texts (the knowledge), one at a time like a message: the int8 model quantises
        activations per batch, so a text's embedding would otherwise depend on its batch-mates."""
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            result[row] = self._run(self._tokens(text))
        return result

    def _tokens(self, text: str) -> bytes:
        """The token ids the model reads of ``text`` (lower-cased, cut at MAX_TOKENS), packed."""
        tokens = self._read.get(text)
        if tokens is None:
            tokens = np.asarray(self._tokenizer.encode(text).ids, dtype=np.int32).tobytes()
            if len(self._read) >= RECENT_TEXTS:
                self._read.clear()
            self._read[text] = tokens
        return tokens

    def _run(self, tokens: bytes) -> Vector:
        """The unit vector of one text's tokens: the mean of the model's token states."""
        return _pooled(self._states_of(tokens))

    def _states_of(self, tokens: bytes) -> Vectors:
        """The model's token states for ``tokens`` (one row per token), kept for the last few
        texts run: a message's sentences are pooled from the run that embedded it whole."""
        with self._lock:
            known = self._states.get(tokens)
        if known is not None:
            return known
        self.runs += 1
        ids = np.frombuffer(tokens, dtype=np.int32).astype(np.int64)[None, :]
        inputs = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        hidden: Vectors = self._session.run(None, inputs)[0][0]
        with self._lock:
            self._states[tokens] = hidden
            while len(self._states) > RECENT_STATES:
                self._states.pop(next(iter(self._states)))
        return hidden


def _pooled(states: Vectors) -> Vector:
    """The unit vector of token states (one row per token): their mean, normalised, computed
    as it always was (the knowledge's embeddings on disk were made so)."""
    hidden = states[None, ...]
    weights = np.ones((1, len(states), 1), dtype=np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: Vector = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)[0]
    return unit


def one_blas_thread() -> None:
    """numpy's BLAS computes with one thread in a process that answers, as the model does.

    The products of a message (its vector against a few thousand texts) take a fraction of a
    millisecond on one thread; handed to a pool of threads on a machine of two shared cores they
    took 20 ms and more waiting for each other (measured with ``benchmarks/bench_matching.py``)."""
    threadpool_limits(1, user_api="blas")
