"""EFRP panel bot core."""
