"""
The local workers' polling loop (`make serve`): idle, it polls less and less often; a
request wakes it at once.
"""

import threading
import time

from portal.local.pollers import Background, Schedule


class CountingPoller(Schedule):
    """A poller that finds `work` items each pass and records when it ran."""

    def __init__(self, work: int = 0) -> None:
        super().__init__(lambda: None, every_seconds=0)
        self.work = work
        self.passes: list[float] = []
        self.ran = threading.Event()

    def poll_once(self) -> int:
        self.passes.append(time.monotonic())
        self.ran.set()
        return self.work


def test_idle_pollers_back_off_and_busy_ones_keep_their_pace() -> None:
    idle, busy = CountingPoller(work=0), CountingPoller(work=1)
    loops = [Background([poller], interval=0.01, idle_interval=5.0) for poller in (idle, busy)]

    for loop in loops:
        loop.start()
    time.sleep(0.6)
    for loop in loops:
        loop.stop()

    # Doubling pauses from 0.01 s: about seven passes in 0.6 s; at an even pace, sixty.
    assert len(idle.passes) <= 12
    assert len(busy.passes) >= 3 * len(idle.passes)


def test_a_wake_ends_an_idle_pause() -> None:
    poller = CountingPoller()
    background = Background([poller], interval=0.002, idle_interval=30.0)
    background.start()
    time.sleep(0.55)
    poller.ran.clear()  # passes at 0.25 s and 0.51 s, the next one not before 1 s

    background.wake()
    woken = poller.ran.wait(timeout=0.3)
    background.stop()

    assert woken
