"""CP-SAT backend: the only part of the library that imports ortools."""

from scheduler.cpsat.solve import SolveCallbacks, solve

__all__ = ["SolveCallbacks", "solve"]
