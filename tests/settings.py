"""Fast test settings: the real settings with quick hashing, in-memory mail and immediate tasks."""

from borikan.settings import *  # noqa: F403
from borikan.settings import BORIKAN

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "th"
# Tests sign administrators in with force_login (the second factor's own tests turn it on);
# the minimum fill time of public forms is off, except in the tests that check it.
BORIKAN = {
    **BORIKAN,
    "THAI_DIGITS": False,
    "ADMINS_NEED_SECOND_FACTOR": False,
    "FORM_MIN_FILL_SECONDS": 0,
}
# Servers started inside the tests (uvicorn threads) must not keep connections open, or
# PostgreSQL refuses to drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Nor keep a pool of them (processes started by the tests use the real settings' pool).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"].pop("pool", None)  # noqa: F405
