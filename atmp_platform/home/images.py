"""Rendition sizes shared by models and templates, and their prefetching for listings."""

from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model

# The templates name these specs literally ({% image item.image fill-640x360 %}); prefetching
# only helps when the spec strings are identical.
CARD_IMAGE = "fill-640x360"
ARTICLE_IMAGE = "width-1200"
LOGO_IMAGE = "max-320x160"
HERO_IMAGE = "fill-1600x640"


def with_renditions(queryset: QuerySet, image_field: str, *filter_specs: str) -> QuerySet:
    """Fetch `image_field` and the renditions a listing shows in two queries for all items."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=filter_specs)
    )
    return queryset.select_related(image_field).prefetch_related(
        Prefetch(f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def attach_renditions(images, *filter_specs: str) -> None:
    """Prefetch renditions for images from several listings in one query."""
    images = [image for image in images if image is not None]
    rendition_model = get_image_model().get_rendition_model()
    renditions = rendition_model.objects.filter(
        image__in=[image.pk for image in images], filter_spec__in=filter_specs
    )
    by_image: dict[int, list] = {image.pk: [] for image in images}
    images_by_pk = {image.pk: image for image in images}
    for rendition in renditions:
        # Rendering a rendition reads its image (for the alt text): hand it the one we have.
        rendition.image = images_by_pk[rendition.image_id]
        by_image[rendition.image_id].append(rendition)
    for image in images:
        image.prefetched_renditions = by_image[image.pk]
