"""``site.toml``: what a published site says of itself. It sits in the project folder
beside ``briefs/``; every key is optional, and ``brief publish``'s options win over it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brief.compose.spec import read_toml, validation_problems
from brief.core.addresses import is_web_address
from brief.core.errors import SpecError
from brief.core.locales import is_language_tag

SITE_FILE = "site.toml"

#: the names site.toml gives the citation styles -> the CSL styles' own names
CITATION_STYLE_FILES = {
    "apa": "apa",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
}


class SiteConfig(BaseModel):
    """A published site's own words and address."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = Field(
        None,
        min_length=1,
        description="The site's title, in its header and the feed; defaults to the briefs' "
        "organisation, else 'Publications' in the site's language.",
    )
    language: str | None = Field(
        None,
        description="The language of the index and the feed (a BCP 47 tag such as 'fr' or "
        "'zh-Hans'); defaults to the language most briefs are in. Each brief's page is in "
        "its own language.",
    )
    base_url: str | None = Field(
        None,
        description="The site's address (https://...): needed for the feed, the sitemap "
        "and the social cards.",
    )
    description: str | None = Field(
        None, description="A sentence on the index page and in its search-engine summary."
    )
    organisation: str | None = Field(
        None, description="Who publishes the site, in the index's header and JSON-LD."
    )
    citation_style: Literal["apa", "chicago", "harvard"] = Field(
        "apa", description="The style of the citation shown on each brief's page."
    )

    @field_validator("language")
    @classmethod
    def _language_tag(cls, value: str | None) -> str | None:
        if value is not None and not is_language_tag(value):
            raise ValueError("must be a language tag such as 'en' or 'fr-CA'")
        return value

    @field_validator("base_url")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and not is_site_address(value):
            raise ValueError(
                "must be a web address such as https://example.org/briefs/ (http or https, "
                "a host, no spaces, query or fragment)"
            )
        return value

    @property
    def csl_style(self) -> str:
        return CITATION_STYLE_FILES[self.citation_style]


def is_site_address(url: str) -> bool:
    parts = urlsplit(url)
    return is_web_address(url) and not parts.query and not parts.fragment


def load_site_config(project: Path) -> tuple[SiteConfig, Path | None]:
    """The project's ``site.toml`` and its path, or the defaults and None when it has none;
    a file that is not valid is a SpecError naming each key."""
    path = project / SITE_FILE
    if not path.is_file():
        return SiteConfig(), None
    data = read_toml(path, SpecError)
    try:
        return SiteConfig.model_validate(data), path
    except ValidationError as exc:
        raise SpecError(validation_problems(exc, path, SiteConfig)) from None
