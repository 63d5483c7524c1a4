"""Studies: the project's scientific questions, one per docs page.

Docking with the Science 2023 model (``docking``, docs/docking.md), calibration to the
2012-2021 record (``calibration``, docs/calibration.md), the hypothesis cards
(``hypotheses``, docs/hypotheses.md) with their equal-cost arms (``costs``), and the
leader-removal event study (``event_study``, docs/history.md). Each keeps its own
quick/full presets. Imports experiments and the simulation, never the interfaces.
"""
