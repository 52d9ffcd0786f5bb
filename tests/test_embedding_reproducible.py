"""The embedding model computes the same vectors on every machine.

Every learned decision (the matcher's, the safety net's) was trained on vectors computed on one
machine. An int8 model whose arithmetic depends on the CPU (onnxruntime multiplies full-range
int8 weights exactly on CPUs with VNNI and with a saturating instruction on others) gives other
vectors elsewhere, and the decisions drift: a harmless message flagged on one machine and not on
another. The reference vectors below were computed when the model was exported; floating-point
noise between CPUs is about 1e-6, the saturation this guards against about 1e-2.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bot.semantic import Semantics

REFERENCE = Path(__file__).parent / "data" / "embedding_reference.json"


def test_the_model_gives_the_reference_vectors_on_this_machine(semantics: Semantics) -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert reference["model"] == semantics.encoder.version, "model re-exported: recompute the reference vectors"
    ours = semantics.encoder.encode(reference["sentences"])
    expected = np.asarray(reference["vectors"], dtype=np.float32)
    worst = float(np.abs(ours - expected).max())
    assert worst < 1e-3, f"embeddings differ from the reference by up to {worst:.4f} on this machine"
