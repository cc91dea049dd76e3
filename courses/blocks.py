"""Lesson blocks: the shared ones plus interactive H5P content.

The simulations issue adds its block to LessonStreamBlock.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from atmp_platform.blocks import BaseStreamBlock


class H5PValue(blocks.StructValue):
    def pass_fraction(self) -> Decimal:
        """The pass mark as a fraction of the maximum score (0..1)."""
        return Decimal(self.get("pass_mark") or 0) / 100


class H5PBlock(blocks.StructBlock):
    content = SnippetChooserBlock("h5p.H5PContent", label=_("H5P content"))
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("Shown above the exercise and read out to screen readers."),
    )
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score a student needs, as a percentage of the maximum."),
    )
    required = blocks.BooleanBlock(
        label=_("Required to complete the lesson"),
        required=False,
        default=True,
    )

    class Meta:
        icon = "form"
        template = "blocks/h5p_block.html"
        label = _("H5P interactive content")
        description = _("An interactive H5P exercise with a pass mark")
        value_class = H5PValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("pass_mark") is None:
            raise ValidationError(_("Give a pass mark between 0 and 100."))
        return value


class LessonStreamBlock(BaseStreamBlock):
    h5p = H5PBlock()
