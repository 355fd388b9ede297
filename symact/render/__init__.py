"""Renderers: turn engine results into text. They hold no mathematics."""
