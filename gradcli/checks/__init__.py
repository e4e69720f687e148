"""Checks: the truth about a result (SymPy, differences, expected answers, worksheets)."""
