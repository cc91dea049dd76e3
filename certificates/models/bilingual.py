"""Framework records are not pages, so they carry their two languages as paired fields."""

from django.utils import translation


def in_language(obj, field: str, language: str | None = None) -> str:
    """`obj.<field>_nl` when the language is Dutch and it is filled in, else `<field>_en`."""
    language = (language or translation.get_language() or "en")[:2]
    if language == "nl":
        value = getattr(obj, f"{field}_nl", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class BilingualMixin:
    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def description(self) -> str:
        return in_language(self, "description")
