"""Borikan beside django-helpdesk (`make bench-helpdesk`, `python -m bench.helpdesk`).

django-helpdesk is installed from the package index into var/helpdesk/venv with a minimal
project of its own (bench/helpdesk/project), and given the same bench cases Borikan's case
benchmarks seed (bench/cases/seeding.py). Each application in turn is served by uvicorn (one
process, SQLite in WAL mode) and measured over loopback HTTP on the same four operations:
ticket creation through the public form, the last page of the largest queue, a Thai word
search (speed, and whether it found the right tickets) and the public tracking view.
"""
