"""The phases of `make bench`, one module each, run in order by bench/run.py."""
