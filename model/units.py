"""The model's units, declared once: time (one step is one week) and rates.

Every per-year quantity (strikes a year, sentences in years, youth investment a year,
homicides a year) is converted with these constants, never with a literal.
"""

WEEKS_PER_YEAR = 52  # one step is one week; a model year is 52 steps
PER_100K = 100_000  # persons in a "per 100k" rate (homicides per 100k a year)
