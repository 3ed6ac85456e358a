"""matrix: policy documents → responsibility matrices and per-bureau task lists."""
__version__ = "0.1.0"
