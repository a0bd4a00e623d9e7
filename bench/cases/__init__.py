"""Cases (S2): an agency officer's case list over N cases, and opening cases through the API.

- `case_list` (listing.py): in-process, the officer's list exactly as the page builds it:
  `case_queue` for the officer's agency, a `Paginator` of 25 (its `count()` included) and the
  page's rows, for the first, a middle and the last page, open cases and all statuses
  (target p95 ≤ 50 ms).
- `open_api` (opening.py): POST /api/v1/cases against a real server (uvicorn in its own
  process) from 16 concurrent clients for a sustained run (target ≥ 200 cases/s); afterwards
  every ticket number a 201 returned must be in the database exactly once, and unique.
"""

from bench.cases.listing import run_list
from bench.cases.opening import run_open
from bench.cases.seeding import seed

__all__ = ["run_list", "run_open", "seed"]
