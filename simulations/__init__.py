"""Cleanroom and process simulations, and the regulatory limits they are judged against.

Plain Python: nothing here imports Django, so simulators and limit checks run and test
without a database.
"""
