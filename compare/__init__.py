"""compare: where several accounts of the same events agree, diverge, or stand alone."""

__version__ = "0.1.0"
