"""The cartelsim dashboard: ``cartelsim dashboard``, or ``solara run app.py``.

Importing the page turns Solara's telemetry off and its mode to production (no check
iframe to solara.dev). ``solara run`` itself asks PyPI for a newer version before it
imports any page: run it as ``solara run app.py --production --no-check-version``, or use
``cartelsim dashboard``, which does.
"""

from model.ui.dashboard import Page

__all__ = ["Page"]
