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

from atlas import config
from atlas.explorer import Explorer
from atlas.i18n import t
from geo import maps
from ui import mapview

MAP_HEIGHT = 560  # with the rows above it, the map fits a 900 px high window


def _base(lang: str) -> folium.Map:
    # Built afresh each run (a few milliseconds): st_folium adds the view to the map it is given.
    return maps.base_map(
        attribution=t("attribution", lang),
        tile_url=config.tile_url(),
        tile_attribution=config.tile_attribution(),
        asset_base=st.get_option("server.baseUrlPath"),
    )


def show(screen: Explorer, cols: list) -> None:
    """Draw the maps, the first in ``cols[0]`` and a compared one in ``cols[1]``; a click
    selects or drills down (handled in ui.mapview)."""
    one = not screen.side_by_side
    for col, spec, key in zip(cols, screen.maps, screen.map_keys):
        with col:
            out = st_folium(
                _base(screen.lang),
                key=key,
                height=MAP_HEIGHT if one else MAP_HEIGHT - 80,
                width=None,
                feature_group_to_add=spec.layer(),
                returned_objects=["last_active_drawing", "last_object_clicked"],
            )
            mapview.handle_click(out, key)
