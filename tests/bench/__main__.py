"""``python -m tests.bench``: the same as ``python -m tests.bench.run``."""

import sys

from tests.bench.run import main

sys.exit(main())
