"""Values as users give them: strict JSON, numbers, vectors and matrices, checked."""
