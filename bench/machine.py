"""What machine a benchmark ran on, for the record."""

from __future__ import annotations

import os
import platform
import resource
from datetime import date


def describe_machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GiB"
                break
    except OSError:
        pass
    return (f"{date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, {memory} RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
