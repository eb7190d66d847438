"""Use cases that keep children's data where it belongs: the panel channel's hold."""
