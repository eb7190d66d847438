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
    _audit_chain(demo)


def _audit_chain(demo: Demo) -> None:
    """Every change and every view of the story is on the audit trail, chained by hash."""
    from sqlmodel import Session

    from storage.audit_chain import read_head
    from storage.audit_verify import verify

    with Session(demo.bot.deps.engine) as session:
        verdict = verify(session)
        head = read_head(session)
    demo.narrate(
        "Everything above, every change and every record opened, is on the audit trail, each event chained "
        "to the one before it by hash. `efrp audit verify` checks the chain; `efrp audit head` prints its "
        "head for a log the database's administrators cannot edit:"
    )
    state = "intact" if verdict.intact else "NOT intact"
    demo.out.write(f"\naudit trail {state}: {verdict.events} event(s); head {head.seq}:{head.hash[:16]}…\n")
