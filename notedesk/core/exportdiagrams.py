"""Mermaid diagrams in an exported site: the app's bundled mermaid, copied beside the pages.

A page with a diagram loads two files from the site's own asset folder (mermaid and the
few lines that start it); every other page runs no script. Without a bundled mermaid
(built without npm) diagrams show as their source with a notice, as in the preview.
"""

from __future__ import annotations

from pathlib import Path

from notedesk.resources import resource

# Names in the site's asset folder, in the order the page loads them.
MERMAID = "mermaid.min.js"
STARTER = "diagrams.js"
SCRIPTS = (MERMAID, STARTER)


def bundled_mermaid() -> Path | None:
    """The mermaid script ``packaging/vendor-js.sh`` bundled, or None without one."""
    path = resource("preview", "vendor", MERMAID)
    return path if path.is_file() else None


def diagram_files() -> dict[str, bytes] | None:
    """The asset folder's script files for diagrams by name; None when mermaid is not
    bundled (or cannot be read), and pages keep showing diagrams as source."""
    mermaid = bundled_mermaid()
    if mermaid is None:
        return None
    try:
        return {
            MERMAID: mermaid.read_bytes(),
            STARTER: resource("preview", "export-diagrams.js").read_bytes(),
        }
    except OSError:
        return None
