"""Django settings: each deployment knob is a KEFU_* environment variable with a default."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("KEFU_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("KEFU_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("KEFU_SECRET_KEY", "kefu-insecure-development-key-change-me")
ALLOWED_HOSTS = os.environ.get("KEFU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("KEFU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "kefu.core",
    "kefu.sla",
    "kefu.notify",
    "kefu.quality",
    "kefu.search",
    "kefu.customers",
    "kefu.catalog",
    "kefu.knowledge",
    "kefu.tickets",
    "kefu.presales",
    "kefu.channels",
    "kefu.complaints",
    "kefu.callbacks",
    "kefu.surveys",
    "kefu.retention",
    "kefu.analytics",
    "kefu.web",
]

MIDDLEWARE = [
    "kefu.core.metrics.LatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kefu.web.middleware.LanguageMiddleware",
    "kefu.web.middleware.BodySizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kefu.web.middleware.StorageErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kefu.urls"
WSGI_APPLICATION = "kefu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("KEFU_DATABASE_URL")
    if url and not url.startswith("sqlite"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = dj_database_url.parse(url)["NAME"] if url else VAR_DIR / "kefu.sqlite3"
    return {
        "ENGINE": "kefu.core.sqlite",
        "NAME": path,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
            # busy timeout instead of failing with "database is locked" on lock upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;"
            ),
        },
        # A file, not memory, so worker processes started by tests share the test database.
        "TEST": {"NAME": str(VAR_DIR / f"test_kefu_{os.getpid()}.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("KEFU_TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("KEFU_MEDIA_ROOT", VAR_DIR / "media"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("KEFU_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Notifications (P-08): a backend class per channel, the SMTP server, the HTTP SMS gateway.
KEFU_SMS_BACKEND = os.environ.get("KEFU_SMS_BACKEND", "kefu.notify.backends.console.ConsoleBackend")
# Email goes out over SMTP once KEFU_SMTP_HOST names a server; until then, to the console.
KEFU_EMAIL_BACKEND = os.environ.get(
    "KEFU_EMAIL_BACKEND",
    "kefu.notify.backends.email.EmailBackend"
    if os.environ.get("KEFU_SMTP_HOST")
    else "kefu.notify.backends.console.ConsoleBackend",
)
KEFU_WECHAT_BACKEND = os.environ.get(
    "KEFU_WECHAT_BACKEND", "kefu.notify.backends.console.ConsoleBackend"
)
KEFU_SMS_HTTP_URL = os.environ.get("KEFU_SMS_HTTP_URL", "")
KEFU_SMS_HTTP_TOKEN = os.environ.get("KEFU_SMS_HTTP_TOKEN", "")
KEFU_SMS_SIGN = os.environ.get("KEFU_SMS_SIGN", "")
KEFU_SMS_HTTP_TIMEOUT = float(os.environ.get("KEFU_SMS_HTTP_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("KEFU_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KEFU_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KEFU_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KEFU_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("KEFU_SMTP_TLS", "0") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("KEFU_EMAIL_FROM", "kefu@localhost")

# The shop name in messages to customers (【{brand}】).
KEFU_BRAND = os.environ.get("KEFU_BRAND") or "Kefu"
# The largest order file an import accepts.
KEFU_IMPORT_MAX_BYTES = int(os.environ.get("KEFU_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
# Customer files are streamed, so they may be large (C-02); the drop folder is read daily.
KEFU_CUSTOMER_IMPORT_MAX_BYTES = int(
    os.environ.get("KEFU_CUSTOMER_IMPORT_MAX_BYTES", str(1024 * 1024 * 1024))
)
KEFU_IMPORT_DROP_DIR = Path(
    os.environ.get("KEFU_IMPORT_DROP_DIR", VAR_DIR / "import" / "customers")
).resolve()
# Where customers reach the public pages (confirmation links in messages), without a slash.
KEFU_PUBLIC_URL = os.environ.get("KEFU_PUBLIC_URL", "http://127.0.0.1:8000")

# Channels (P-02): inbound email by IMAP polling (once KEFU_IMAP_HOST is set) and by the
# `kefu manage mail_listener` LMTP/SMTP server; WeChat official account; webhooks (P-06).
KEFU_IMAP_HOST = os.environ.get("KEFU_IMAP_HOST", "")
KEFU_IMAP_PORT = int(os.environ.get("KEFU_IMAP_PORT", "993"))
KEFU_IMAP_SSL = os.environ.get("KEFU_IMAP_SSL", "1") == "1"
KEFU_IMAP_USER = os.environ.get("KEFU_IMAP_USER", "")
KEFU_IMAP_PASSWORD = os.environ.get("KEFU_IMAP_PASSWORD", "")
KEFU_IMAP_FOLDER = os.environ.get("KEFU_IMAP_FOLDER", "INBOX")
KEFU_MAIL_LISTEN = os.environ.get("KEFU_MAIL_LISTEN", "127.0.0.1:8025")
KEFU_MAIL_PROTOCOL = os.environ.get("KEFU_MAIL_PROTOCOL", "lmtp")
KEFU_MAIL_MAX_BYTES = int(os.environ.get("KEFU_MAIL_MAX_BYTES", str(25 * 1024 * 1024)))
KEFU_WECHAT_API_URL = os.environ.get("KEFU_WECHAT_API_URL", "https://api.weixin.qq.com")
KEFU_WECHAT_APP_ID = os.environ.get("KEFU_WECHAT_APP_ID", "")
KEFU_WECHAT_APP_SECRET = os.environ.get("KEFU_WECHAT_APP_SECRET", "")
KEFU_WECHAT_TOKEN = os.environ.get("KEFU_WECHAT_TOKEN", "")
KEFU_WECHAT_TEMPLATE_ID = os.environ.get("KEFU_WECHAT_TEMPLATE_ID", "")
KEFU_WECHAT_TIMEOUT = float(os.environ.get("KEFU_WECHAT_TIMEOUT", "10"))
KEFU_WEBHOOK_TIMEOUT = float(os.environ.get("KEFU_WEBHOOK_TIMEOUT", "5"))

# Several processes or machines (docs/deploy.md): one Redis cache for all when
# KEFU_REDIS_URL is set, per-process memory otherwise. Sessions live in the database, so any
# web process serves any signed-in user; read through the cache only when it is shared (a
# process's own memory would keep a signed-out session alive there).
KEFU_REDIS_URL = os.environ.get("KEFU_REDIS_URL", "")
KEFU_CACHE_SECONDS = int(os.environ.get("KEFU_CACHE_SECONDS", "300" if KEFU_REDIS_URL else "30"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if KEFU_REDIS_URL
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": KEFU_REDIS_URL or "kefu",
        "KEY_PREFIX": os.environ.get("KEFU_CACHE_PREFIX", "kefu"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if KEFU_REDIS_URL else "db")
# Uploads on a shared path (KEFU_MEDIA_ROOT) or in an S3-compatible bucket (KEFU_S3_BUCKET,
# with django-storages and boto3 installed: `pip install kefu[s3]`).
KEFU_S3_BUCKET = os.environ.get("KEFU_S3_BUCKET", "")
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if KEFU_S3_BUCKET
        else "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "bucket_name": KEFU_S3_BUCKET,
            "endpoint_url": os.environ.get("KEFU_S3_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
        }
        if KEFU_S3_BUCKET
        else {},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# /metrics (Prometheus) answers staff users and requests bearing this token.
KEFU_METRICS_TOKEN = os.environ.get("KEFU_METRICS_TOKEN", "")
# A worker not heard from for this long counts as down (health, `kefu check --deploy`).
KEFU_WORKER_STALE_SECONDS = int(os.environ.get("KEFU_WORKER_STALE_SECONDS", "120"))

# Security: cookies, headers, login throttling, request sizes.
HTTPS = os.environ.get("KEFU_HTTPS", "0") == "1"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# KEFU_HTTPS=1 behind a TLS-terminating proxy that sets X-Forwarded-Proto: secure cookies,
# redirect to https, HSTS (`kefu check --deploy` asks for it).
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("KEFU_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("KEFU_HSTS_PRELOAD", "0") == "1"
    # The health probe of a load balancer comes over plain http on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]

# Content-Security-Policy: scripts only from our own static files or an inline block carrying
# this response's nonce (`<script nonce="{{ request.csp_nonce }}">`); never 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after KEFU_LOGIN_FAILURE_LIMIT failures an account, and
# separately the address they came from, wait KEFU_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KEFU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KEFU_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "kefu.web.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The largest request body: form posts with photos, and everything else (JSON, plain forms).
KEFU_MAX_UPLOAD_BYTES = int(os.environ.get("KEFU_MAX_UPLOAD_BYTES", str(12 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("KEFU_MAX_BODY_BYTES", str(2 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "kefu.core.logging.PersonalDataFilter"}},
    # KEFU_LOG_FORMAT=json writes one JSON object a line, still through the personal-data filter.
    "formatters": {"json": {"()": "kefu.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["personal_data"],
            **({"formatter": "json"} if os.environ.get("KEFU_LOG_FORMAT") == "json" else {}),
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KEFU_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The task worker logs every empty poll at INFO; keep its warnings and errors.
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
