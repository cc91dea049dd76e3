"""The load test (`make load`): locust against the scale-out set-up, and its checks."""
