"""
One wiring object per process: built from the environment on first use (a Lambda cold
start), replaced by tests and the local server, which hand in settings and clients.
"""

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Singleton(Generic[T]):
    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None

    def __call__(self) -> T:
        if self._value is None:
            self._value = self._build()
        return self._value

    def use(self, value: T) -> T:
        self._value = value
        return value

    def reset(self) -> None:
        self._value = None
