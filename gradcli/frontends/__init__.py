"""Front ends: text (plain or LaTeX) -> Program -> Graph, and graph-to-graph rewrites."""
