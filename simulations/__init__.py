"""Cleanroom and process simulations, and the regulatory limits they are judged against.

`monitors/`, `regulatory`, `process_limits` and `alarms` are plain Python: nothing there
imports Django, so simulators and limit checks run and test without a database. The Django
side (models, engine, scoring, views) turns them into scenarios trainees play.
"""
