from django.contrib.auth.models import Group

from atmp_platform.accounts import roles
from atmp_platform.accounts.actor import acting_as
from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain
from tests.factories import make_user


def role_events():
    return list(
        AuditEvent.objects.filter(action__startswith="role.")
        .order_by("id")
        .values_list("action", "object_id", "actor_label", "old_value", "new_value")
    )


def test_adding_and_removing_a_role_is_audited_with_the_acting_user(administrator):
    person = make_user(email="p@example.org")
    trainer = Group.objects.get(name=roles.TRAINER)
    start = len(role_events())

    with acting_as(administrator):
        person.groups.add(trainer)
        person.groups.remove(trainer)

    assert role_events()[start:] == [
        ("role.granted", str(person.pk), "admin@example.org", None, {"role": "Trainer"}),
        ("role.revoked", str(person.pk), "admin@example.org", {"role": "Trainer"}, None),
    ]
    assert verify_chain() is None


def test_changes_through_the_group_side_and_clear_are_audited(db):
    person = make_user(email="p@example.org")
    other = make_user(email="q@example.org")
    students = Group.objects.get(name=roles.STUDENT)

    students.user_set.add(person, other)
    students.user_set.clear()

    assert [(action, actor) for action, _id, actor, _old, _new in role_events()] == [
        ("role.granted", "system"),
        ("role.granted", "system"),
        ("role.revoked", "system"),
        ("role.revoked", "system"),
    ]


def test_no_event_for_adding_a_role_held_already_or_removing_one_not_held(student):
    start = len(role_events())
    students = Group.objects.get(name=roles.STUDENT)
    trainers = Group.objects.get(name=roles.TRAINER)

    student.groups.add(students)
    student.groups.remove(trainers)

    assert role_events()[start:] == []


def test_set_records_only_the_differences(student):
    start = len(role_events())
    trainers = Group.objects.get(name=roles.TRAINER)
    students = Group.objects.get(name=roles.STUDENT)

    student.groups.set([students, trainers])

    assert [event[0] for event in role_events()[start:]] == ["role.granted"]
