"""Showing text that models, tools and submissions wrote as text, never as Markdown.

Such text is untrusted: rendered as Markdown, an answer ``![x](http://host/p.png)`` makes every
viewer's browser fetch that address (and links, headings or LaTeX change what the page says). Long
text goes through ``st.text`` / ``st.code``; where Streamlit only takes Markdown (titles, labels,
alerts), ``md`` escapes it.
"""

from __future__ import annotations

import math
import re

# ASCII punctuation that starts inline Markdown, GFM or Streamlit syntax anywhere in a line:
# emphasis, code, links and images, HTML, autolinks and entities, strikethrough, LaTeX ($) and
# Streamlit's directives (:red[...], :material/...:).
_INLINE = re.compile(r"([\\`*_{}\[\]()!<>~$:&])")
# What starts a block only at the beginning of a line: headings, lists, quotes, rules, numbered items.
_BLOCK_START = re.compile(r"^([#+\-=>|])|^(\d+)([.)])")


def md(value: object) -> str:
    """``value`` as one line of Markdown that renders as exactly its text."""
    line = _INLINE.sub(r"\\\1", " ".join(str(value).split()))
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line, count=1)


# HTML's special characters, Markdown's and Streamlit's syntax characters, and line breaks, as
# character references (one pass: a reference is never escaped again).
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()!~$:|#+=\r\n"})


def html_text(value: object) -> str:
    """``value`` as HTML text that shows exactly its characters, in a page or inside Markdown with HTML
    allowed (the served board): besides HTML escaping, the characters Markdown builds links, images and
    emphasis from become character references, which CommonMark never reads as syntax, and line breaks
    become references too, so no text can end an HTML block and start Markdown of its own."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).translate(_INERT)
