"""The interactive page: one self-contained HTML file that plays, scrubs, toggles and reads out a render.

The background is the render's own figure with the moving parts hidden, so its pixels are the PNG
still's; the page's script (`player.js`, written for this project, no third-party code) draws the
paths, heads, loss lines and step counter on a canvas above it. Nothing is fetched: the page works
from disk, offline, and its content security policy forbids any request.
"""

from animator.html.page import page_html

__all__ = ["page_html"]
