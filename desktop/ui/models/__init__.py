"""Table models over the store: one windowed SQL model per list (see models.base)."""
