"""A local Slack stand-in and a driver that acts as Slack users would."""
