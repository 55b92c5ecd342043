"""``python -m sim.calibration``."""

from sim.calibration.cli import main

raise SystemExit(main())
