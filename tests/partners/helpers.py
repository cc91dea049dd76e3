"""Helpers for the partner tests: admin form data and draft articles."""

from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from atmp_platform.partners.models import KnowledgeArticlePage


def article_form_data(
    title: str, slug: str, text: str = "<p>Over steriele processen.</p>", **extra
):
    """POST data for the Wagtail admin's create/edit view of a knowledge article."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "author": "Eva Editor",
            "summary": "Een korte samenvatting.",
            "body": streamfield([("paragraph", rich_text(text))]),
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def make_article(partner, *, owner, title="Concept", slug="concept", publish=False):
    """A knowledge article under `partner`, saved as a draft revision by `owner`."""
    article = KnowledgeArticlePage(
        title=title,
        slug=slug,
        author=owner.full_name,
        summary="Samenvatting",
        body=[("paragraph", RichText("<p>Tekst</p>"))],
        owner=owner,
        live=False,
    )
    partner.add_child(instance=article)
    revision = article.save_revision(user=owner)
    if publish:
        revision.publish()
    return article
