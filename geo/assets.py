"""Serve every script and stylesheet the map needs from the app, never from a CDN.

folium and streamlit-folium load Leaflet, jQuery, Bootstrap and plugins from CDNs by
default; on an intranet the map iframe then stays empty. ``localize`` rewrites every
element's ``default_js``/``default_css`` to files under ``static/vendor`` (served by
Streamlit's static file serving at ``/app/static``) and drops what our maps do not use.
"""

from __future__ import annotations

from pathlib import Path

import folium

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# folium resource name -> path under static/ (None = not needed by our maps: dropped).
LOCAL: dict[str, str | None] = {
    "leaflet": "vendor/leaflet-1.9.3/leaflet.js",
    "leaflet_css": "vendor/leaflet-1.9.3/leaflet.css",
    "markerclusterjs": "vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js",
    "markerclustercss": "vendor/leaflet.markercluster-1.5.3/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/leaflet.markercluster-1.5.3/MarkerCluster.Default.css",
    # Only folium.Icon markers and popups styled with Bootstrap need these; we use neither.
    "jquery": None,
    "bootstrap": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers": None,
    "awesome_markers_css": None,
    "awesome_markers_font_css": None,
    "awesome_rotate_css": None,
}


class UnknownAsset(RuntimeError):
    """A map element wants a resource we do not ship: it would load from the internet."""


def static_url(base_path: str, relative: str) -> str:
    """URL of a file under ``static/`` given Streamlit's ``server.baseUrlPath``."""
    base = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"{base}/app/static/{relative}"


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def localize(m: folium.Map, base_path: str = "") -> folium.Map:
    """Point every JS/CSS resource of ``m`` and its children at the app's own files."""
    for element in _walk(m):
        for attr in ("default_js", "default_css"):
            resources = getattr(element, attr, None)
            if not resources:
                continue
            local = []
            for name, _url in resources:
                if name not in LOCAL:
                    raise UnknownAsset(f"{type(element).__name__} needs {name!r}, not shipped")
                if LOCAL[name] is not None:
                    local.append((name, static_url(base_path, LOCAL[name])))
            setattr(element, attr, local)
    return m


def inline(m: folium.Map) -> str:
    """The map as one standalone HTML file with the vendor files inlined (for downloads)."""
    localize(m, "")
    html = m.get_root().render()
    for rel in (p for p in LOCAL.values() if p):
        url = static_url("", rel)
        text = (STATIC_DIR / rel).read_text(encoding="utf-8")
        if rel.endswith(".js"):
            html = html.replace(f'<script src="{url}"></script>', f"<script>{text}</script>")
        else:
            html = html.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{text}</style>")
    return html
