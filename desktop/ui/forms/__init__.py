"""Entry forms: Qt Designer files from forms/ bound to record kinds (see forms/README.md)."""
