from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from borikan import __version__


def borikan(request: HttpRequest) -> dict[str, Any]:
    return {"borikan_version": __version__}
