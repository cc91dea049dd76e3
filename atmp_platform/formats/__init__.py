"""Our date formats per language (settings.FORMAT_MODULE_PATH), over Django's own.

Only the short formats differ: dates in tables and lists read "17 nov 2027" in Dutch, where
month names take no capital, and "17 Nov 2027" in English. Django's defaults are numeric
("17-11-2027", "11/17/2027"), which readers on both sides of the border read differently.
"""
