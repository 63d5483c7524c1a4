"""The cartelsim dashboard: ``solara run app.py`` (or ``cartelsim dashboard``)."""

from model.dashboard import Page

__all__ = ["Page"]
