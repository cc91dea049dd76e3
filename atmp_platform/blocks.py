"""StreamField blocks shared by every page family.

Each block owns its presentation (`templates/blocks/`); derived values live on StructValue
subclasses, not in templates.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich-text features editors and partners may use: no raw HTML, no embeds inside text.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading")
        preview_value = {"text": "Aseptic processing", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Formatted text")
        preview_value = (
            "<p>Cell and gene therapies are made from living cells, often the patient's own.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("An image with a caption")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with its source")
        preview_value = {
            "quote": "Speed, safety and quality are critical for these patients.",
            "attribution": "ATMP XB",
        }


class CalloutValue(blocks.StructValue):
    def css_class(self) -> str:
        return f"callout callout--{self.get('kind') or 'info'}"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("info", _("Information")),
            ("regulation", _("Regulatory reference")),
            ("warning", _("Warning")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = ParagraphBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Callout")
        description = _("A highlighted box: information, a regulatory reference or a warning")
        value_class = CalloutValue
        preview_value = {
            "kind": "regulation",
            "title": "EU GMP Annex 1 (2022)",
            "text": "<p>Any growth in Grade A results in an investigation.</p>",
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        description = _("An embedded video with its title and transcript")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document download")
        description = _("A link to download a document")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    video = VideoBlock()
    document = DocumentBlock()
