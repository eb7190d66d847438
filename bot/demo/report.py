"""Demo stage: the coordinator posts the system view, and the demo prints the full Markdown report."""

from __future__ import annotations

from bot.demo.scene import Demo
from bot.records.jobs import refresh_names
from bot.report import report
from bot.report.formats import render
from bot.standin.harness import COORDINATOR


def run(demo: Demo) -> None:
    """`/efh report` in Slack, then the Markdown report the board would receive."""
    demo.stage("The system view: where the panel's system stands on the scale-up framework")
    demo.narrate(f"{COORDINATOR.name} types `/efh report`.")
    demo.driver.command(COORDINATOR.id, "/efh", "report")
    demo.show_new()
    deps = demo.bot.deps
    built = report.build_report(deps, since=None, until=None, now=deps.clock.now())
    demo.narrate(
        "The same report as Markdown, as `efrp report --as NAME` writes it for the safeguarding partnership "
        "board:"
    )
    demo.out.write("\n" + render(deps.jinja, built, "md") + "\n")
    named = refresh_names(deps)
    demo.narrate(
        f"Each hour the bot asks Slack (users.info) for the names of the {named} people its records mention, "
        "so exports name people even when made offline."
    )
