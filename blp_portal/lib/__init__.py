"""Small helpers that several apps use. This package imports no app of the portal."""
