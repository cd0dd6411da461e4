"""Rendering a map's pieces without compiling what they rendered.

branca's ``MacroElement.render`` puts each piece an element renders (its header, html and
script) into the figure wrapped in a new ``Element``, whose constructor compiles that text
as a Jinja template, only for it to render back to the same text. The map page builds its
base map and a view on every run, so that was two thirds of its map time: 30 compilations a
run, the view's values and tooltips among them (bench/RESULTS.md, "Map pieces rendered
directly").

``Direct`` takes ``MacroElement``'s place in a class's order: ``class X(folium.Map, Direct)``
keeps folium's own steps before it (the JS/CSS links, Leaflet includes, a layer's
add-to-map) and then puts the pieces into the figure as ``Text``, as they are. Text that
reaches a map is escaped in ``geo.maps`` as before, braces too, so it is safe either way.
"""

from __future__ import annotations

from functools import cache

from branca.element import Element, Figure, MacroElement
from jinja2 import Template


class Text(Element):
    """Text placed into a figure as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class Direct(MacroElement):
    """``MacroElement.render``, with the rendered pieces kept as text (see the module)."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} is rendered inside a folium Figure")
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Text(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            if type(child).render is MacroElement.render:
                # A plain folium piece (a layer's add-to-map statement): the same way.
                Direct.render(child, **kwargs)
            else:
                child.render(**kwargs)


@cache
def template(source: str) -> Template:
    """A Jinja template compiled once per source text (fixed pieces of a map that are built
    on every run)."""
    return Template(source)
