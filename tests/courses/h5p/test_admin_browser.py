"""In Chromium: a programme administrator uploads an .h5p package through the admin form and
finds it in the library; a bad package is refused on the form with the reason."""

import os
from pathlib import Path

from django.conf import settings

from wagtail.users.models import UserProfile

import pytest

from courses.h5p.models import H5PContent
from tests.browser_session import log_in
from tests.factories import activate_totp

from . import corpus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def test_administrator_uploads_a_package_in_the_admin(
    page, live_server, administrator, settings, tmp_path
):
    settings.H5P_ROOT = tmp_path / "h5p"
    settings.H5P_SPOOL_ROOT = tmp_path / "spool"
    # The admin speaks the language of the Wagtail profile, not the account's.
    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = "en"
    profile.save(update_fields=["preferred_language"])
    activate_totp(administrator)
    log_in(page, live_server, administrator)
    ARTIFACTS.mkdir(exist_ok=True)
    bad = tmp_path / "bad.h5p"
    bad.write_bytes(corpus.content_with_text("<p>Hi<script>alert(1)</script></p>"))
    good = tmp_path / "gowning.h5p"
    good.write_bytes(corpus.valid_package())

    page.goto("/admin/snippets/h5p/h5pcontent/add/")
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("text=script or event handler")
    page.screenshot(path=str(ARTIFACTS / "h5p-admin-upload-refused.png"), full_page=True)
    assert not H5PContent.objects.exists()

    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/admin/snippets/h5p/h5pcontent/")
    page.wait_for_selector("text=“Gowning quiz” is uploaded.")
    page.screenshot(path=str(ARTIFACTS / "h5p-admin-library.png"), full_page=True)
    assert page.get_by_role("link", name="Gowning quiz").count() >= 1
    assert H5PContent.objects.get().uploaded_by == administrator
