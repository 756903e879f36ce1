from __future__ import annotations

import sys

from clausewise.cli.main import main

sys.exit(main())
