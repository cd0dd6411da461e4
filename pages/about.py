"""About the data: definitions, sources, the boundary attribution and licences."""

import streamlit as st

from atlas.core import config
from atlas.core.i18n import t
from atlas.screens.about import about_markdown
from ui import chrome

ctx = chrome.start("about")
st.title(t("about.title", ctx.lang))
chrome.demo_banner(ctx)
st.markdown(about_markdown(ctx.lang))
chrome.footer(ctx, config.default_as_of())
