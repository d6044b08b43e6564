"""Codec Box: Base64, URL encoding and hashes."""

import base64
import binascii
import hashlib
import importlib.util
import sys
import urllib.parse
from pathlib import Path

_KIT = str(Path(__file__).resolve().parents[3] / "_lib" / "toolkit.py")
if _KIT not in sys.modules:  # the shared toolkit, loaded by path (see _lib/toolkit.py)
    _spec = importlib.util.spec_from_file_location("toolenv_toolkit", _KIT)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)  # published only when complete: tools load in parallel threads
    sys.modules.setdefault(_KIT, _module)
kit = sys.modules[_KIT]

TOOL = {
    "tool_name": "Codec Box",
    "tool_description": "Encode and decode Base64, percent-encode text for URLs, and compute SHA-256 and MD5 hashes.",
}


@kit.api("Base64 Encode", example={"text": "hello world"})
def base64_encode(text: str):
    """Base64 of a UTF-8 text.

    text: The text to encode.
    """
    return {"encoded": base64.b64encode(kit.non_empty(text, "text").encode("utf-8")).decode("ascii")}


@kit.api("Base64 Decode", example={"encoded": "aGVsbG8gd29ybGQ="})
def base64_decode(encoded: str):
    """The UTF-8 text of a Base64 string.

    encoded: The Base64 string.
    """
    try:
        return {"text": base64.b64decode(kit.non_empty(encoded, "encoded"), validate=True).decode("utf-8")}
    except (binascii.Error, UnicodeDecodeError):
        raise kit.ApiError(f"Invalid Base64 input '{encoded}': it does not decode to UTF-8 text.") from None


@kit.api("SHA256 Hash", example={"text": "hello world"})
def sha256_hash(text: str):
    """SHA-256 digest (hex) of a UTF-8 text.

    text: The text to hash.
    """
    return {"algorithm": "sha256", "hex": hashlib.sha256(kit.non_empty(text, "text").encode("utf-8")).hexdigest()}


@kit.api("MD5 Hash", example={"text": "hello world"})
def md5_hash(text: str):
    """MD5 digest (hex) of a UTF-8 text; for checksums, not for security.

    text: The text to hash.
    """
    return {"algorithm": "md5", "hex": hashlib.md5(kit.non_empty(text, "text").encode("utf-8")).hexdigest()}


@kit.api("URL Encode", example={"text": "coffee & cake / 2 people"})
def url_encode(text: str):
    """Percent-encode a text for use in a URL query.

    text: The text to encode.
    """
    return {"encoded": urllib.parse.quote(kit.non_empty(text, "text"), safe="")}


@kit.api("URL Decode", example={"encoded": "coffee%20%26%20cake"})
def url_decode(encoded: str):
    """Turn a percent-encoded text back into plain text.

    encoded: The percent-encoded text.
    """
    return {"text": urllib.parse.unquote(kit.non_empty(encoded, "encoded"))}
