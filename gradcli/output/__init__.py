"""Output: pure functions from results to text, Rich renderables or bytes; no printing."""
