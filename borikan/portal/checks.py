"""A deploy check: the Thai font the printed guides need is installed."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register

from borikan.portal.pdf import font_paths


@register()
def thai_font_installed(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if font_paths() is None:
        return [
            Warning(
                "The Thai font Laksaman is not installed: printed service guides (PDF) fail.",
                hint="Install Debian's fonts-thai-tlwg, or set PORTAL_FONT_DIR.",
                id="portal.W001",
            )
        ]
    return []
