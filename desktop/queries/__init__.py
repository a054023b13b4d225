"""The read side: every list, archive section, timeline source, desk section and figure,
declared once (SQL with the rule's words beside it) and read through one small API.

No Qt here: desktop/ui adapts these declarations to models and views; domain, documents
and the command line read through them too. docs/architecture.md says where a new list,
column or figure goes.
"""
