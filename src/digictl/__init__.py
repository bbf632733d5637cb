"""digictl: governance as code for regional digitalisation partnerships."""

__version__ = "0.2.0"
