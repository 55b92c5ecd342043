"""Output folders that are never mixed, overwritten by accident, or written by two processes.

:func:`claim` checks an ``--out`` target before anything runs and holds a lock file in it
while results are written; a lock left by a process that has died is detected and taken over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from sim.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCK = ".kad-sim.lock"
# names a kad-sim command writes into its folder: --overwrite only clears folders made of these
OWN_NAMES = {
    LOCK, "manifest.json", "kpis.json", "timeseries.parquet", "replicates.csv", "summary.csv",
    "runs", "a", "b", "compare.csv", "compare.json", "cost_effectiveness.csv", "kpis_a.csv",
    "kpis_b.csv", "ensemble", "ensemble_compare.csv", "ensemble.json", "sweep.toml",
    "design.csv", "points.csv", "sobol.csv", "figures", "report.md", "fitted.toml",
}  # fmt: skip


def _contents(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name != LOCK] if folder.is_dir() else []


def check_target(out, option: str = "--out") -> Path:
    """``out`` as a Path, refusing an empty path, the project root (or a folder above it, or
    the current folder) and an existing file."""
    if out is None or not str(out).strip():
        raise ConfigError("<command line>", option, "is empty; name an output folder")
    folder = Path(out)
    resolved = folder.resolve()
    for protected in (PROJECT_ROOT, Path.cwd().resolve(), Path.home().resolve()):
        if resolved == protected or resolved in protected.parents:
            raise ConfigError(str(folder), option, f"refusing to write into {protected}; "
                              "name a new folder")  # fmt: skip
    if folder.exists() and not folder.is_dir():
        raise ConfigError(str(folder), option, "is a file, not a folder")
    return folder


def _clear(folder: Path, option: str) -> None:
    """Remove a previous result before --overwrite writes a new one (only kad-sim files)."""
    foreign = [p.name for p in _contents(folder) if p.name not in OWN_NAMES
               and not p.name.startswith(".")]  # fmt: skip
    if foreign:
        raise ConfigError(str(folder), option, f"holds files that kad-sim did not write "
                          f"({', '.join(sorted(foreign)[:3])}); --overwrite will not delete "
                          "them, name another folder")  # fmt: skip
    manifest = folder / "manifest.json"
    manifest.unlink(missing_ok=True)  # first: the folder stops looking complete
    for path in _contents(folder):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _take_lock(folder: Path) -> Path:
    """Create ``folder/.kad-sim.lock`` holding our PID; a lock of a dead process is taken
    over, one of a live process refuses."""
    lock = folder / LOCK
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pid = -1  # half-written by a process that died at once
            if pid > 0 and pid != os.getpid() and _pid_alive(pid):
                raise ConfigError(
                    str(folder),
                    "--out",
                    f"in use by process {pid} (lock file "
                    f"{LOCK}); wait for it or choose another folder",
                ) from None
            lock.unlink(missing_ok=True)  # stale: its process is gone
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(f"{os.getpid()}\n")
        return lock
    raise ConfigError(str(folder), "--out", "cannot take the folder's lock; try again")


def _mkdir(folder: Path, option: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = f"cannot create the folder ({_reason(exc)})"
        raise ConfigError(str(folder), option, reason) from None


def _reason(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, type(exc).__name__)


@contextlib.contextmanager
def claim(out, *, overwrite: bool = False, resumable: Callable[[Path], bool] | None = None,
          option: str = "--out", hint: str = "choose a new folder or add --overwrite",
          ) -> Iterator[Path]:  # fmt: skip
    """Hold ``out`` for writing during the ``with`` block. Refuses (ConfigError) a bad target,
    a folder in use by another process, and an existing non-empty folder unless ``overwrite``
    (which clears it first) or ``resumable(folder)`` says the folder is the caller's own
    resumable work; ``hint`` says what to do instead."""
    folder = check_target(out, option)
    _mkdir(folder, option)
    try:
        lock = _take_lock(folder)
    except OSError as exc:
        raise ConfigError(str(folder), option, f"cannot write here ({_reason(exc)})") from None
    try:
        if _contents(folder) and not (resumable and resumable(folder)):
            if not overwrite:
                raise ConfigError(str(folder), option, f"folder exists and is not empty; {hint}")
            _clear(folder, option)
        yield folder
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT, errno.EPERM):
            reason = f"cannot write results ({_reason(exc)})"
            raise ConfigError(str(folder), option, reason) from None
        raise
    finally:
        lock.unlink(missing_ok=True)


def check_distinct(out: Path, original: Path, option: str = "--out") -> None:
    """``out`` must not be ``original``, inside it or around it (rerun never writes into the
    folder it checks)."""
    a, b = Path(out).resolve(), Path(original).resolve()
    if a == b or b in a.parents or a in b.parents:
        raise ConfigError(str(out), option, f"is the folder being checked ({original}) or "
                          "overlaps it; rerun writes into a new folder")  # fmt: skip
