"""What running the platform in production needs: the health check for load balancers,
structured logs with request ids, optional error reporting to Sentry, and serving private files
through the reverse proxy. deploy/ holds the units, the proxy and the backup scripts."""
