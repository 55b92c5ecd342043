"""Entry point: ``python run_experiments.py run scenarios/baseline.toml`` (see README.md)."""

import sys

from sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
