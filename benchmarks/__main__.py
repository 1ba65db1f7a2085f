"""`python -m benchmarks [--smoke] [--only NAME] [-o results.json]`."""

import sys

from benchmarks.run import main

sys.exit(main())
