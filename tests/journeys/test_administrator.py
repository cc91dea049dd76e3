"""A programme administrator in the Wagtail admin, signed in with a TOTP code: reads the
competency framework, opens a cohort for the next edition of a module, installs an H5P content
type the store does not have yet, revokes a certificate with its reason (the holder is told by
e-mail, the public verify page says so) and verifies the audit trail's hash chain.

The certificate revoked is one of two that tests/journeys/prepare.py issues for this purpose
(one per language run), so the demo's own certificates stay as the other journeys expect them.
Each run installs a content type of its own (ATMP.JourneyChoiceNl / ...En): a second upload of
the same one would install nothing.
"""

import json
import re

from django.utils import translation

from playwright.sync_api import expect

from tests.courses.h5p import corpus

from .support import text_of

ADMINISTRATOR = "admin@demo.atmp-xb.eu"
TRAINER_NAME = "Tess Trainer"
REASONS = {
    "nl": "Ingetrokken: het dossier waarop dit certificaat rust, blijkt onvolledig.",
    "en": "Revoked: the record this certificate rests on turned out to be incomplete.",
}


def journey_package(lang: str) -> tuple[str, bytes]:
    """An .h5p package whose main library is new to the store: (library title, bytes)."""
    main = dict(corpus.MAIN)
    main["machineName"] = f"ATMP.JourneyChoice{lang.title()}"
    main["title"] = f"Journey choice ({lang})"
    h5p = corpus.h5p_json(
        title=f"Journey exercise ({lang})",
        mainLibrary=main["machineName"],
        preloadedDependencies=[
            {"machineName": main["machineName"], "majorVersion": 1, "minorVersion": 0},
            {"machineName": "ATMP.TestShared", "majorVersion": 1, "minorVersion": 2},
        ],
    )
    files = corpus.valid_files()
    files = {name: data for name, data in files.items() if not name.startswith("ATMP.TestChoice")}
    files["h5p.json"] = json.dumps(h5p).encode()
    files.update(corpus.library_files(main, semantics=corpus.SEMANTICS))
    return main["title"], corpus.zip_bytes(files)


def read_the_framework(admin) -> None:
    page = admin.page
    admin.visit("/admin/competencies/")
    codes = page.locator("main table tbody tr td a").all_inner_texts()
    assert [code.strip() for code in codes[:3]] == ["C1", "C2", "C3"]
    admin.follow(page.locator("main table a", has_text=re.compile(r"^\s*C1\s*$")))
    expect(page.locator("#id_code")).to_have_value("C1")
    admin.shot("competency", key=True)
    admin.visit("/admin/certificate-types/")
    admin.shot("certificate-types")


def open_a_cohort(admin, lang: str) -> None:
    page = admin.page
    name = {"nl": "ATMP-101 voorjaar 2027", "en": "ATMP-101 spring 2027 (English)"}[lang]
    admin.visit("/admin/cohorts/")
    admin.follow(page.locator("a[href$='/admin/cohorts/new/']").first)
    module = page.locator("#id_module option", has_text="ATMP-101").first
    page.select_option("#id_module", module.get_attribute("value"))
    page.fill("#id_name", name)
    page.fill("#id_starts_on", "2027-03-01")
    page.fill("#id_ends_on", "2027-05-31")
    page.fill("#id_capacity", "16")
    page.get_by_label(TRAINER_NAME).check()
    admin.shot("cohort-new")
    admin.submit(page.locator("main form [type=submit]").last)
    expect(page.locator(".messages .success").first).to_be_visible()
    expect(page.locator("main table")).to_contain_text(name)
    admin.shot("cohorts")


def install_a_content_type(admin, lang: str) -> None:
    page = admin.page
    title, package = journey_package(lang)
    admin.visit("/admin/h5p/content-types/")
    assert title not in page.locator("main").inner_text()
    admin.visit("/admin/snippets/h5p/h5pcontent/add/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "journey.h5p", "mimeType": "application/zip", "buffer": package}],
    )
    admin.submit(page.locator("main form [type=submit]").last)
    expect(page.locator(".messages .success").first).to_be_visible()
    admin.visit("/admin/h5p/content-types/")
    expect(page.locator("main")).to_contain_text(title)
    admin.shot("content-types")


def revoke_a_certificate(admin, lang: str) -> None:
    page = admin.page
    target = admin.server.facts["to_revoke"][lang]
    admin.visit("/admin/certificates/")
    row = page.locator("main table tbody tr", has_text=target["holder"])
    admin.follow(row.locator("a[href*='/revoke/']"))
    expect(page.locator("main")).to_contain_text(target["public_id"])
    page.get_by_label(admin._("Reason for revoking")).fill(REASONS[lang])
    page.locator("#id_confirm").check()
    admin.shot("revoke")
    admin.submit(page.locator("main form button.serious"))
    expect(page.locator(".messages .success").first).to_be_visible()
    expect(page.locator("main .help-block[role=status]")).to_contain_text(REASONS[lang])
    admin.shot("revoked")

    mail = admin.server.mails_to(target["email"])
    assert any(REASONS[lang] in text_of(message) for message in mail), "No e-mail to the holder"
    admin.visit(admin.path(f"/verify/{target['public_id']}/"))
    assert admin._("This certificate has been revoked.") in page.get_by_role("status").inner_text()


def verify_the_audit_trail(admin, lang: str) -> None:
    page = admin.page
    admin.visit("/admin/audit/")
    expect(page.locator("main table")).to_contain_text(REASONS[lang])
    admin.follow(page.locator("a[href$='/admin/audit/verify/']").first)
    status = page.locator("main .help-block[role=status]")
    expect(status).to_be_visible()
    assert page.locator("main [role=alert]").count() == 0
    count = int(re.search(r"\d+", status.inner_text()).group(0))
    with translation.override(lang):
        intact = translation.ngettext(
            "The audit trail is intact: %(counter)s event verified.",
            "The audit trail is intact: %(counter)s events verified, each linked to the one "
            "before.",
            count,
        ) % {"counter": count}
    assert " ".join(status.inner_text().split()) == intact
    admin.shot("audit-verified")


def test_an_administrator_runs_the_programme_in_the_admin(journey_for, lang):
    admin = journey_for("administrator")
    admin.sign_in(ADMINISTRATOR)
    admin.choose_admin_language()
    read_the_framework(admin)
    open_a_cohort(admin, lang)
    install_a_content_type(admin, lang)
    revoke_a_certificate(admin, lang)
    verify_the_audit_trail(admin, lang)
    admin.finish()
