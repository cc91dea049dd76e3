"""Clean the rich text that partners paste before it is stored.

Wagtail's Draftail editor already whitelists what comes through the admin form, but pages can
also be written by code, imports or an API. Cleaning on save makes the database itself safe:
only the tags and attributes that the enabled rich-text features produce survive.
"""

from wagtail import blocks
from wagtail.blocks import StreamValue

import nh3

# What RICH_TEXT_FEATURES (atmp_platform.blocks) produce in Wagtail's database format:
# page and document links are <a linktype=".." id="..">, external links <a href="..">.
ALLOWED_TAGS = frozenset({"p", "h2", "h3", "h4", "b", "i", "ol", "ul", "li", "a", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def clean_rich_text(html: str) -> str:
    """Keep only the tags, attributes and URL schemes the rich-text features produce."""
    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _clean_raw(block: blocks.Block, raw):
    """Walk a block's raw (JSON) value and clean every rich-text value inside it."""
    if isinstance(block, blocks.RichTextBlock):
        return clean_rich_text(raw)
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: _clean_raw(block.child_blocks[name], value)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [_clean_stream_item(block, item) for item in raw]
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return [_clean_list_item(block.child_block, item) for item in raw]
    return raw


def _clean_stream_item(block: blocks.StreamBlock, item: dict) -> dict:
    child = block.child_blocks.get(item.get("type"))
    if child is None:
        return item
    return {**item, "value": _clean_raw(child, item.get("value"))}


def _clean_list_item(child: blocks.Block, item):
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return {**item, "value": _clean_raw(child, item["value"])}
    return _clean_raw(child, item)


def clean_stream_value(value: StreamValue) -> StreamValue:
    """A copy of `value` whose rich-text blocks (at any depth) have been cleaned."""
    stream_block = value.stream_block
    raw = stream_block.get_prep_value(value)
    return StreamValue(stream_block, _clean_raw(stream_block, raw), is_lazy=True)
