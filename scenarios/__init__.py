"""The shipped scenario files (installed as ``model.scenarios``; see ``model.scenario.shipped``)."""
