"""The weekly processes, one module each, called in order by ``CartelModel.step``."""
