"""sgc: grade organisations against specific grading criteria, and say why."""

__version__ = "0.1.0"
