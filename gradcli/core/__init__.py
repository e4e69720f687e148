"""The model every layer shares: the op registry, the Graph, number and array formats."""
