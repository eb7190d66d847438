"""The Slack surface: one package per lifecycle stage; `handlers.registry` lists them in order."""
