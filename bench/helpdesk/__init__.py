"""Borikan beside django-helpdesk (`make bench-helpdesk`, `python -m bench.helpdesk`).

django-helpdesk is installed from the package index into var/helpdesk/venv with a minimal
project of its own (bench/helpdesk/project), and given the same bench cases Borikan's case
benchmarks seed (bench/cases/seeding.py). Both are served by uvicorn (one process each,
SQLite in WAL mode) and measured over loopback HTTP, in alternation operation by operation, on
the same four operations: ticket creation through the public form, the last page of a large
list, a Thai word search (speed, and whether it found the right tickets) and the public
tracking view. docs/benchmarks.md tells how and gives the figures.
"""
