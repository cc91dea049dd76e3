"""Rendition sizes shared by models and templates, and their fetching for listings."""

from functools import cache

from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

# The templates name these specs literally ({% image page.image width-1200 %}); the listings
# fetch renditions by these same strings.
CARD_IMAGE = "fill-640x360"
ARTICLE_IMAGE = "width-1200"
LOGO_IMAGE = "max-320x160"
HERO_IMAGE = "fill-1600x640"


# What choosing and writing out a rendition reads of its image: the focal point (a fill's
# rendition depends on it) and what the alt text comes from. Loading the whole image row
# for every card costs more than the rest of the listing's query.
_RENDITION_FIELDS = (
    "id",
    "filter_spec",
    "file",
    "width",
    "height",
    "focal_point_key",
    "image__id",
    "image__title",
    "image__description",
    "image__focal_point_x",
    "image__focal_point_y",
    "image__focal_point_width",
    "image__focal_point_height",
)


@cache
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


def renditions_for(wanted) -> dict[tuple[int, str], object]:
    """The rendition of each (image id, filter spec) pair, with its image, in one query.

    A rendition counts only if it was made with the image's current focal point, as in
    Image.get_rendition(). Missing renditions are made here (first view after an upload
    or a focal point change), at the cost of more queries that one time.
    """
    wanted = {(image_id, spec) for image_id, spec in wanted if image_id is not None}
    if not wanted:
        return {}
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(
        image_id__in={image_id for image_id, _ in wanted},
        filter_spec__in={spec for _, spec in wanted},
    )
    found = {}
    for rendition in renditions.select_related("image").only(*_RENDITION_FIELDS):
        key = (rendition.image_id, rendition.filter_spec)
        current = _filter(rendition.filter_spec).get_cache_key(rendition.image)
        if key in wanted and rendition.focal_point_key == current:
            found[key] = rendition
    missing = wanted - found.keys()
    if missing:
        images = image_model.objects.in_bulk({image_id for image_id, _ in missing})
        for image_id, spec in missing:
            if image_id in images:
                found[image_id, spec] = get_rendition_or_not_found(images[image_id], spec)
    return found
