"""Run pip-audit on the lock file and decide: fail on a known vulnerability, never on an unreachable database.

Usage: python3 .ci/audit_gate.py PIP_AUDIT REQUIREMENTS_LOCK

pip-audit exits 1 both when it finds a vulnerability and when it cannot ask its advisory database, and it
skips (exit 0) a package the database does not answer for. This gate reads its JSON report instead:
- a vulnerability in any package: listed, exit 1;
- the database unreachable, or some packages not checked: said plainly, exit 0 (not a failure alone);
- anything else pip-audit refuses (an unreadable lock file, a missing hash): its message, exit 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

UNREACHABLE_MARKERS = (
    "ConnectionError",
    "ProxyError",
    "ReadTimeout",
    "ConnectTimeout",
    "Max retries exceeded",
    "NameResolutionError",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "SSLError",
    "ServiceError",
)


def verdict(returncode: int, report: str | None, stderr: str) -> tuple[int, list[str]]:
    """The gate's exit status and what it says, from pip-audit's exit status, JSON report and stderr."""
    if report is None:
        if any(marker in stderr for marker in UNREACHABLE_MARKERS):
            last = stderr.strip().splitlines()[-1][:300]
            return 0, [f"pip-audit could not reach its advisory database: {last}", "(not failing for that)"]
        return 1, ["pip-audit failed:", stderr.strip() or f"exit status {returncode}, no report"]
    dependencies = json.loads(report).get("dependencies", [])
    lines: list[str] = []
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            name = f"{dep['name']} {dep.get('version', '?')}"
            lines.append(f"VULNERABLE {name}: {vuln.get('id')} (fixed in {fixed})")
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if skipped:
        lines.append(
            f"pip-audit could not check {len(skipped)} of {len(dependencies)} locked packages against its "
            f"advisory database (e.g. {skipped[0]['skip_reason']}); not failing for that alone"
        )
    if vulnerable:
        lines.append(f"{len(vulnerable)} locked package(s) have known vulnerabilities: upgrade and re-lock")
        return 1, lines
    if returncode != 0 and not skipped:
        return 1, [*lines, f"pip-audit exited {returncode} without naming a vulnerability"]
    checked = len(dependencies) - len(skipped)
    if checked:
        lines.append(f"pip-audit: no known vulnerabilities in the {checked} locked packages it checked")
    return 0, lines


def main(pip_audit: str, lock: str) -> int:
    """Run pip-audit on the lock file and print the verdict."""
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "audit.json"
        command = [pip_audit, "-r", lock, "--disable-pip", "--progress-spinner", "off"]
        result = subprocess.run(
            [*command, "--timeout", "20", "-f", "json", "-o", str(out)], capture_output=True, text=True
        )
        report = out.read_text(encoding="utf-8") if out.exists() else None
    status, lines = verdict(result.returncode, report, result.stderr)
    for line in lines:
        print(line)
    return status


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
