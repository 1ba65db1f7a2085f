"""One measured run in a fresh process: `python -m benchmarks.child BODY N DATA_DIR SEED`.

Prints one JSON line: the seconds of each timed stage and what the body reports, or
`{"unavailable": reason}` when a capability has not landed. A crash exits non-zero with its
traceback on stderr, which the harness reports as a failed case.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.bodies import BODIES, Stopwatch
from benchmarks.capabilities import Unavailable
from benchmarks.data import Data


def main(argv: list[str]) -> int:
    body, n, root, seed = argv
    watch = Stopwatch()
    try:
        extra = BODIES[body](Data(Path(root), int(seed)), int(n), watch)
    except Unavailable as missing:
        print(json.dumps({"unavailable": str(missing)}))
        return 0
    print(json.dumps({"stages": watch.stages, "extra": extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
