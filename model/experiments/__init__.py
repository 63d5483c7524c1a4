"""Experiments: what runs many models and writes a results folder.

One run (``run``), one scenario over several seeds (``replicates``), paired arms on
common random numbers (``compare``), process pools (``parallel``), sweeps and their
reports (``sweep``, ``report``), global sensitivity (``sensitivity``), calendar-year
histories (``history``) and the figures of a run (``plotting``). Imports only the
simulation below it (``model.*``).
"""
