"""The HTML document every plain page of the site sits in: the served front page and every page of the
static export. One head (title, inline icon, inline styles), one navigation line, one heading; no
script, no font and no request beyond the page itself."""

from __future__ import annotations

from urllib.parse import quote

from leaderboard import markup
from leaderboard.plain import html_text

SITE = "Tool-use leaderboard"

# The page's own styles; tables, notes, warnings and the board picker come from markup.STYLE.
STYLE = (
    """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1400px;padding:1em 2em;
color:#212529}
a{color:#1c64b4}h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em}
pre{background:#f8f9fa;padding:.6em;white-space:pre-wrap;word-break:break-word;font-size:.85em}
nav.site{margin-bottom:1em}nav.site a{margin-right:1.2em}nav.site .current{margin-right:1.2em;font-weight:600}
"""
    + markup.STYLE
)

# An inline icon (three bars): the page asks nothing of the network, not even for a favicon.
ICON = "data:image/svg+xml," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" fill="#4c78a8"><rect x="1" y="8" width="4" '
    'height="7"/><rect x="6" y="3" width="4" height="12"/><rect x="11" y="6" width="4" height="9"/></svg>'
)


def nav(links: list[tuple[str, str | None]], note: str = "") -> str:
    """The site's navigation line: ``(label, address)`` pairs, the current page's address None; then
    ``note`` (already HTML) in small print."""
    items = "".join(
        f'<a href="{html_text(href)}">{html_text(label)}</a>'
        if href is not None
        else f'<span class="current" aria-current="page">{html_text(label)}</span>'
        for label, href in links
    )
    return f'<nav class="site">{items}{note}</nav>'


def document(heading: str, body: str, navigation: str, title: str | None = None) -> str:
    """A whole page: ``heading`` (text) over ``body`` (HTML), under ``navigation`` (HTML, see ``nav``).
    The window's title is ``title``, by default the heading and the site's name."""
    title = title or (SITE if heading == SITE else f"{heading} · {SITE}")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_text(title)}</title>"
        f'<link rel="icon" href="{ICON}">'
        f'<style>{STYLE}</style></head><body class="lb">{navigation}<h1>{html_text(heading)}</h1>{body}</body></html>'
    )
