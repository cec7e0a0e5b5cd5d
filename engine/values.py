"""The two small values a scenario's card shares with the model: a text in both languages
and the case a scenario comes from.

They live apart from engine.model so that the library and `tabletop list` can hold cards
(engine.cards) without building the whole model's classes: attrs makes each class's
methods when its module is imported, and the model's forty-odd classes are about 10 ms
that the library would otherwise pay before its list is filled."""

from __future__ import annotations

import attrs

LANGS = ("ja", "en")


@attrs.frozen
class Text:
    """A text in Japanese and English. ``any`` holds a one-language plain string."""

    ja: str | None = None
    en: str | None = None
    any: str | None = None

    def get(self, lang: str) -> str:
        value = getattr(self, lang, None) if lang in LANGS else None
        return value or self.any or self.en or self.ja or ""

    def has(self, lang: str) -> bool:
        return bool(self.any or getattr(self, lang, None))


@attrs.frozen
class Source:
    report: str
    case: int

    @property
    def case_id(self) -> str:
        return f"{self.report}-{self.case:02d}"
