"""The sign-up form proposes the language of the pages it is on as the preferred language, so
that a newcomer on the English site continues in English once their address is confirmed."""

import re

import pytest


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_sign_up_form_preselects_the_language_of_its_page(client, db, language):
    response = client.get(f"/{language}/accounts/signup/")
    assert response.status_code == 200
    selected = re.findall(r'<option value="(\w+)" selected>', response.content.decode())
    assert selected == [language]
