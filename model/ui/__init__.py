"""Interfaces: the top layer, which nothing below imports.

The command line (``cli``), the dashboard (``dashboard``), the figures it draws
(``viz``) and the ODD parameter-table generator (``odd``).
"""
