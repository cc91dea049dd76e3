"""Certificates for the credential and verify tests, made directly (the issuing path has its
own tests), and the walk over every field of a credential."""

import datetime
import itertools

from django.utils import timezone

from certificates.models import Certificate

# A fixed Ed25519 seed (base64url), so that no test writes a development key file.
TEST_SEED = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
_indexes = itertools.count(5000)


def make_certificate(holder, certificate_type, *, status=Certificate.Status.ISSUED, **fields):
    today = timezone.localdate()
    values = {
        "certificate_type": certificate_type,
        "holder": holder,
        "holder_name": (holder.get_full_name() or holder.email) if holder else "Erased Person",
        "cycle": Certificate.objects.filter(
            holder=holder, certificate_type=certificate_type
        ).count()
        + 1,
        "status": status,
        "issued_on": today - datetime.timedelta(days=10),
        "valid_until": today + datetime.timedelta(days=355),
        "status_list_index": next(_indexes),
        **fields,
    }
    return Certificate.objects.create(**values)


def leaf_paths(value, path=()):
    """Every path to a string, number or boolean in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*path, index))
    else:
        yield path


def changed(value):
    """The value with one character changed (strings), bumped (numbers) or flipped."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if not value:
        return "x"
    last = value[-1]
    return value[:-1] + ("0" if last != "0" else "1")


def set_path(document, path, value):
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def get_path(document, path):
    for step in path:
        document = document[step]
    return document
