"""Draw the explorer's map(s): single, side by side, or a difference map.

The page keeps one map component per map slot for the whole session: its base
(``maps.base_map``) never changes, and each view (``maps.ViewSpec`` of the screen model) is
a layer that streamlit-folium swaps in without rebuilding the map. The boundaries come from
``geo.served`` URLs, fetched once by the browser and then cached.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas.core import config
from atlas.core.i18n import t
from atlas.screens.explorer import MAP_KEYS, Explorer
from geo import maps
from ui import map_controls

MAP_HEIGHT = 560  # with the rows above it, the map fits a 900 px high window
SIDE_HEIGHT = MAP_HEIGHT - 80  # two maps side by side (the headline has a second line)


def _base(lang: str) -> folium.Map:
    # Built afresh each run (a few milliseconds): st_folium adds the view to the map it is given.
    return maps.base_map(
        attribution=t("attribution", lang),
        credits_label=t("map.credits", lang),
        tile_url=config.tile_url(),
        tile_attribution=config.tile_attribution(),
        asset_base=st.get_option("server.baseUrlPath"),
    )


def show(screen: Explorer, cols: list) -> None:
    """The first map in ``cols[0]``; in ``cols[1]`` the second map's slot, drawn on every
    run, with the compared view or none. Without a comparison the slot waits off-screen
    (``.st-key-map_b`` in ui.chrome), so turning the comparison on swaps a layer into a map
    that is already loaded instead of building a new frame. A click selects or drills down
    (``ui.map_controls.map_changed``)."""
    one = not screen.side_by_side
    views = [spec.layer() for spec in screen.maps] + [None]
    with cols[0]:
        _map(screen.lang, MAP_KEYS[0], views[0], MAP_HEIGHT if one else SIDE_HEIGHT)
    with cols[1], st.container(key="map_b"):
        # The slot's state for the page's style; a marker inside it, because a container
        # whose key changes is built again, and its frame with it.
        st.html(f'<span data-map-b="{"waiting" if one else "shown"}"></span>')
        _map(screen.lang, MAP_KEYS[1], views[1], SIDE_HEIGHT, clicks=not one)


def _map(lang: str, key: str, view: folium.FeatureGroup | None, height: int, clicks=True) -> None:
    st_folium(
        _base(lang),
        key=key,
        height=height,
        width=None,
        feature_group_to_add=view,
        returned_objects=["last_active_drawing", "last_object_clicked"],
        on_change=(lambda: map_controls.map_changed(key)) if clicks else None,
    )
