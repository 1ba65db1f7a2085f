"""Run a command pinned to one core and report its wall time and its own peak RSS.

Run as `python -S benchmarks/meter.py PROGRAM ARGS...` by measure.py. Why a separate small
process: Linux counts the memory of the process that starts a program into that program's peak
RSS (ru_maxrss), so a harness holding large inputs would inflate every figure. This meter holds
about 8 MB, less than any Python process it measures, so the figure it reports is the program's
own. It prints one line last: `METER {"wall": s, "cpu": s, "peak_kb": kb, "returncode": n}`,
`cpu` being the program's user and system time (what it would take on a core of its own).
"""

import json
import os
import sys
import time

if hasattr(os, "sched_setaffinity"):  # Linux; elsewhere the program runs unpinned
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
sys.stdout.flush()
print(
    "METER "
    + json.dumps(
        {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak_kb": usage.ru_maxrss,
            "returncode": os.waitstatus_to_exitcode(status),
        }
    )
)
