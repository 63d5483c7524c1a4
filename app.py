"""The cartelsim dashboard: ``solara run app.py`` (or ``cartelsim dashboard``)."""

from model.ui.dashboard import Page

__all__ = ["Page"]
