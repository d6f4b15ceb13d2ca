"""A deadline that holds inside a long step, not only between steps.

Stages check the brief's deadline where stopping is safe, but one step can run long between
two checks (a paragraph of a million words broken into lines, YAML reading a quarter of a
million authors). A watchdog thread raises :class:`Overrun` in the rendering thread once the
time is up: Python delivers it at the thread's next bytecode, inside any Python loop, and
right after a C call returns. A C call that does not return soon holds the interpreter's lock,
so no thread of the process can act; :func:`ended_when_stuck` then has another process end
this one (worker processes are killed by the process that supervises them instead).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from brief.core.errors import Problem
from brief.core.limits import TimeLimitError


def overrun_message(seconds: float) -> str:
    return f"stopped: the brief took longer than {seconds:g} s (raise it with --limit seconds=N)"


class Overrun(TimeLimitError):
    """Raised in the rendering thread by the watchdog. Python's asynchronous exceptions are
    given as a class and made without arguments, so each watchdog raises a subclass that
    knows its limit."""

    seconds: float = 0.0

    def __init__(self, problems: list[Problem] | None = None):
        super().__init__(problems or [Problem(None, overrun_message(self.seconds))])


def grace(seconds: float) -> float:
    """How long after a deadline the watchdog waits before it interrupts: the stages' own
    checks stop a brief with a message naming the step, and get time to."""
    return 1.0 + 0.05 * seconds


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Interrupt the calling thread with :class:`Overrun` if the block runs *seconds* plus
    :func:`grace`."""
    target = threading.get_ident()
    finished = threading.Event()
    lock = threading.Lock()
    fired = []

    def watch() -> None:
        if finished.wait(seconds + grace(seconds)):
            return
        with lock:
            if finished.is_set():
                return
            _raise_in(target, type("Overrun", (Overrun,), {"seconds": seconds}))
            fired.append(True)

    thread = threading.Thread(target=watch, name="brief-watchdog", daemon=True)
    thread.start()
    try:
        yield
    finally:
        with lock:
            finished.set()
            if fired:  # raised as the block ended, and not delivered yet: taken back
                _raise_in(target, None)


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Python's own API for an exception in another thread (``None`` takes one back)."""
    import ctypes  # only when a brief runs over its time

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None
    )


# The shell that ends a stuck process: sleep "$1", then kill -9 "$2" and print "$3". Once
# awake it ends that process only if it is still its parent: a process killed before its block
# ended (by a supervisor, with SIGKILL) may have left its number to another by then. Without
# ps the parent is not checked.
WATCHER = (
    'sleep "$1"; parent=$(ps -o ppid= -p $$ 2>/dev/null | tr -d " "); '
    '[ -n "$parent" ] && [ "$parent" != "$2" ] && exit 0; '
    'kill -9 "$2" 2>/dev/null && printf "%s\\n" "$3" >&2'
)


@contextmanager
def ended_when_stuck(seconds: float, message: str) -> Iterator[None]:
    """End this process, printing *message*, if the block is still running three grace
    periods after *seconds*: a C call that holds Python's interpreter lock (a sort of a
    huge list, a regular expression) keeps every thread of the process waiting, the
    watchdog's too, so only another process can stop it. That process is a shell that
    sleeps (started with vfork: no copy of this one's memory), killed when the block ends.
    For a command line rendering in its own process; where there is no POSIX shell, nothing
    is done."""
    import shutil
    import signal
    import subprocess

    shell = shutil.which("sh") if os.name == "posix" else None
    if shell is None:
        yield
        return
    limit = seconds + 3 * grace(seconds)
    watcher = subprocess.Popen(
        [shell, "-c", WATCHER, "sh", f"{limit:.1f}", str(os.getpid()), message],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # its sleep is killed with it
    )
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # gone already
            os.killpg(watcher.pid, signal.SIGKILL)
        watcher.wait()
