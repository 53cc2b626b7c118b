"""What machine a benchmark ran on, for the record."""

from __future__ import annotations

import os
import platform
import resource
from datetime import date
from pathlib import Path


def describe_machine() -> str:
    cpu = "unknown CPU"
    memory = "?"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        cpuinfo, meminfo = [], []
    for line in cpuinfo:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    for line in meminfo:
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 2**20:.0f} GiB"
            break
    return (f"{date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, {memory} RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
