from wagtail.models import Revision
from wagtail.rich_text import RichText

from atmp_platform.partners.models import KnowledgeArticlePage
from atmp_platform.partners.sanitising import clean_rich_text

HOSTILE = (
    '<p onclick="steal()">Lees <a href="javascript:alert(1)">dit</a>'
    '<script>alert("x")</script><img src="x" onerror="alert(2)"></p>'
)


def _assert_harmless(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img", "alert"):
        assert bad not in lowered, f"{bad!r} survived in {html!r}"


def test_clean_rich_text_strips_scripts_handlers_and_javascript_urls():
    cleaned = clean_rich_text(HOSTILE)
    _assert_harmless(cleaned)
    assert cleaned.startswith("<p>Lees <a>dit</a>")


def test_clean_rich_text_keeps_what_the_editor_features_produce():
    html = (
        '<h2>Titel</h2><p><b>vet</b> <i>schuin</i> <a href="https://example.org">web</a> '
        '<a linktype="page" id="3">pagina</a> <a linktype="document" id="4">pdf</a><br/></p>'
        "<ul><li>een</li></ul><ol><li>twee</li></ol>"
    )
    cleaned = clean_rich_text(html)
    for kept in ('href="https://example.org"', 'linktype="page" id="3"', "<h2>", "<b>", "<ol>"):
        assert kept in cleaned


def _article(partner, text):
    article = KnowledgeArticlePage(
        title="Artikel",
        slug="artikel",
        author="Eva",
        summary="Samenvatting",
        body=[
            ("paragraph", RichText(text)),
            ("callout", {"kind": "info", "title": "Let op", "text": RichText(text)}),
        ],
    )
    partner.add_child(instance=article)
    return article


def test_article_created_in_code_is_stored_without_hostile_markup(partner_a):
    article = _article(partner_a, HOSTILE)
    stored = KnowledgeArticlePage.objects.get(pk=article.pk)
    raw = str(stored.body.raw_data)
    _assert_harmless(raw)
    assert "Lees" in raw


def test_draft_revision_is_stored_without_hostile_markup(partner_a):
    article = _article(partner_a, "<p>Veilig</p>")
    article.body = [("paragraph", RichText(HOSTILE))]
    revision = article.save_revision()
    _assert_harmless(str(Revision.objects.get(pk=revision.pk).content["body"]))


def test_partner_description_is_cleaned(partner_a):
    partner_a.description = HOSTILE
    partner_a.save()
    partner_a.refresh_from_db()
    _assert_harmless(partner_a.description)
