"""Finding a damaged DuckDB file before anything is written to it.

DuckDB stores a checksum at the start of every block and checks it only when it reads that block,
so a query that happens not to touch a damaged block (an index block, say) succeeds, and a write
can then go into a damaged file. The writer therefore checks every block of the file once when it
opens it: each block is ``<8-byte checksum><block_size - 8 bytes>``, after three 4 KiB headers, and
the checksum is 5381 XOR-ed with every little-endian 64-bit word multiplied by a fixed odd constant
(modulo 2**64). A block that is all zeros was never written (or was released) and is skipped.

When the file does not look like that layout (another block size, an encrypted file, a future
format), no block's checksum matches and the check says nothing rather than cry wolf; the writer
then falls back to reading every stored value through DuckDB.
"""

from __future__ import annotations

import struct
from pathlib import Path

HEADERS_BYTES = 3 * 4096
_MULTIPLIER = 0xBF58476D1CE4E5B9
_MASK = (1 << 64) - 1
_SEED = 5381
# Without numpy a block takes ~20 ms in pure Python; past this size the DuckDB scan is cheaper.
PURE_PYTHON_LIMIT_BYTES = 32 * 1024 * 1024


def _checksum_numpy(block: bytes) -> int:
    import numpy as np

    words = np.frombuffer(block, dtype="<u8", offset=8)
    with np.errstate(over="ignore"):
        folded = np.bitwise_xor.reduce(words * np.uint64(_MULTIPLIER))
    return int(folded) ^ _SEED


def _checksum_python(block: bytes) -> int:
    result = _SEED
    for word in struct.unpack_from(f"<{(len(block) - 8) // 8}Q", block, 8):
        result ^= (word * _MULTIPLIER) & _MASK
    return result


UNCHECKED = -1


def damaged_block(path: Path, block_size: int) -> int | None:
    """The byte offset of the first block whose stored checksum does not match its content; None
    when every block matches; ``UNCHECKED`` when the file's layout is not the one this check knows
    (see the module docstring) or it is too big to check without numpy."""
    size = path.stat().st_size
    if block_size <= 8 or block_size % 8 or size < HEADERS_BYTES or (size - HEADERS_BYTES) % block_size:
        return UNCHECKED
    try:
        import numpy  # noqa: F401  # only whether it is there

        checksum = _checksum_numpy
    except ImportError:
        if size > PURE_PYTHON_LIMIT_BYTES:
            return UNCHECKED
        checksum = _checksum_python
    matched = 0
    first_bad: int | None = None
    with path.open("rb") as handle:
        handle.seek(HEADERS_BYTES)
        offset = HEADERS_BYTES
        while block := handle.read(block_size):
            if len(block) < block_size:
                break
            stored = int.from_bytes(block[:8], "little")
            if checksum(block) == stored:
                matched += 1
            elif first_bad is None and block.count(0) != block_size:
                first_bad = offset
            offset += block_size
    return first_bad if matched else UNCHECKED
