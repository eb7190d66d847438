"""Periodic jobs run by the scheduler and by their one-shot CLI commands."""
