"""Engines: interpreters of one Graph (scalar floats, NumPy arrays, exact SymPy numbers)."""
