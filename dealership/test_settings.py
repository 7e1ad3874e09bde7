"""Settings for the test suite: the real settings, on PostgreSQL and Redis.

Tests run against real services (no mocked database or broker). Unset,
DATABASE_URL and REDIS_URL point at the local servers this machine and CI run.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 60)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dealership")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from dealership.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SMS_BACKEND = "dealership.sms.FileBackend"
SMS_FILE_PATH = BASE_DIR / "var" / "test-sms.jsonl"  # noqa: F405
