"""The Slack surface of privacy: the panel channel's changes and the coordinators' notices about them."""
