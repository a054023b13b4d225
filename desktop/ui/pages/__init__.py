"""The pages of the main window's stack, one per sidebar entry."""
