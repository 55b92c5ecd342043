"""Serve the explorer so that it answers only requests addressed to it (DNS rebinding).

``python -m sim.explorer.hostguard APP --host H --port P [solara run options]`` runs
``solara run`` with Starlette's TrustedHostMiddleware in front of the app: a request (or
websocket) whose ``Host`` header names another host gets HTTP 400. The allowed names are the
address served and, for a loopback or wildcard address, the machine's own names; more can be
added in ``KAD_EXPLORER_ALLOWED_HOSTS`` (comma-separated). ``kad-sim explore`` starts it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> list[str]:
    """Host header values (without port) the explorer answers when bound to ``host``."""
    names = {host, f"[{host}]" if ":" in host else host}
    if is_loopback(host) or host in WILDCARDS:
        names.update(LOOPBACK_NAMES)
    if host in WILDCARDS:
        names.update(_own_names())
    extra = os.environ.get("KAD_EXPLORER_ALLOWED_HOSTS", "")
    names.update(n.strip() for n in extra.split(",") if n.strip())
    return sorted(n for n in names if n and n not in WILDCARDS)


def _own_names() -> set[str]:
    """This machine's host names and addresses (reachable through a wildcard bind)."""
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        _, aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
        names.update(aliases + addresses)
    except OSError:
        pass
    return names


def exposure_warning(host: str) -> str | None:
    """One line for stderr when ``host`` is reachable from other machines; None otherwise."""
    if is_loopback(host):
        return None
    return (f"warning: the explorer listens on {host or 'all addresses'}, reachable from other "
            "machines; it has no login. Use --host 127.0.0.1 unless that is intended.")  # fmt: skip


def main(argv: list[str]) -> None:
    """Run ``solara run`` on ``argv`` with the Host check installed."""
    app, host = argv[0], argv[argv.index("--host") + 1] if "--host" in argv else "127.0.0.1"
    os.environ["SOLARA_APP"] = app  # solara reads it when its server module is imported
    from solara.__main__ import main as solara_main
    from solara.server import starlette as server
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    server.app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))
    sys.argv = ["solara", "run", *argv]
    solara_main()


if __name__ == "__main__":
    main(sys.argv[1:])
