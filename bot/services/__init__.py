"""Use cases: storage + domain, no Slack; each writes its change, audit and outbox rows together."""
