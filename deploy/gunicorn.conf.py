"""gunicorn for atmp-web.service: `gunicorn --config deploy/gunicorn.conf.py atmp_platform.wsgi`.

The numbers suit a small VM behind deploy/nginx/atmp.conf; GUNICORN_* in /etc/atmp/atmp.env
change them without editing this file.
"""

import os

# Loopback only: nginx is the one client (its upstream block names this address).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one: requests mostly wait on PostgreSQL and Redis.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request taking longer than this is stuck: nginx gives up at 60 s as well.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on tmpfs: under ProtectSystem=strict /tmp is private anyway, and a
# heartbeat on a slow disk can make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (gunicorn's heartbeat, not a temporary file)
# The app logs one line per request with its id and duration (atmp_platform/ops/logs.py).
accesslog = None
errorlog = "-"
# Only nginx on this machine may say which client and scheme a request came from.
forwarded_allow_ips = "127.0.0.1"
proc_name = "atmp-web"
