"""Borikan: the citizen service-center platform of a Thai ministry of commerce."""

import os

# PyThaiNLP must never download anything at runtime: government networks are closed.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

__version__ = "0.1.0"
