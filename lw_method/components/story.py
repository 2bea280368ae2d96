"""``lw:story``: a storyteller's page header, and the links to the stories either side."""

from __future__ import annotations

from docutils import nodes

from ..nodes import block
from ..records import Story
from ..resolve import RenderContext, renderer
from ..edition import INTERNAL, PUBLIC, is_public
from .base import LwDirective, own_text
from .content_note import content_note
from ..translations import _


class StoryDirective(LwDirective):
    object_type = "story"
    required_options = ("name", "role", "site")
    optional_options = ("consent", "content-notes", "visibility")

    def check_options(self) -> None:
        """An option that looks like a misspelt ``:visibility:`` makes the story internal."""
        self.misspelt_visibility = [name for name in self.options
                                    if name != "visibility" and resembles(name, "visibility")]
        for name in self.misspelt_visibility:
            self.warn(f":{name}: looks like a misspelt :visibility:; the story is treated as "
                      "internal until the option is written :visibility: public", "bad-value")
            del self.options[name]
        super().check_options()

    def visibility(self) -> str:
        """Exactly ``public`` publishes; no option means public; anything else is internal."""
        if self.misspelt_visibility:
            return INTERNAL
        if "visibility" not in self.options:
            return PUBLIC
        value = self.option("visibility")
        if not is_public(value) and value != INTERNAL:
            self.warn(f":visibility: is exactly public or internal, not {value!r}; the story is "
                      "treated as internal", "bad-value")
        return PUBLIC if is_public(value) else INTERNAL

    def render(self, story_id: str) -> list[nodes.Node]:
        if not self.option("consent"):
            self.warn(f"story {story_id!r} has no :consent: — record how and when the storyteller "
                      "agreed to share it before it is published", "consent")
        body = self.parse_body()
        record = Story(
            story_id, self.env.docname, self.lineno,
            name=self.option("name") or story_id, role=self.option("role"), site=self.option("site"),
            consent=self.option("consent"), content_notes=self.option("content-notes"),
            summary=own_text(body), visibility=self.visibility(),
        )
        self.domain.add_record(record)

        header = block("story", anchor=record.anchor, label=_("Story: {name}").format(name=record.name))
        name = nodes.paragraph(classes=["lw-story-name"])
        name += nodes.strong(text=record.name)
        header += name
        header += nodes.paragraph(text=" · ".join(p for p in (record.role, record.site) if p),
                                  classes=["lw-story-meta"])
        if not is_public(record.visibility):
            header += nodes.paragraph(text=_("Internal edition only: this story is not for public sharing."),
                                      classes=["lw-internal-banner"])
        if record.content_notes:
            header += content_note(record.content_notes, self.config.lw_support_text)
        if body:
            header += block("story-summary", *body)
        if record.consent:
            header += nodes.paragraph(text=record.consent, classes=["lw-story-consent"])
        header += self.placeholder("story-nav", story=story_id)
        return [header]


def stories_either_side(derived, params):
    return derived.neighbours(params["story"])


@renderer("story-nav", reads=stories_either_side)
def story_nav(context: RenderContext, neighbours, params) -> list[nodes.Node]:
    before, after = neighbours
    if not before and not after:
        return []
    nav = block("story-nav", tag="nav", label=_("Other stories"))
    line = nodes.paragraph()
    if before:
        line += nodes.Text(_("Previous story: "))
        line += context.link(before)
    if before and after:
        line += nodes.Text(" · ")
    if after:
        line += nodes.Text(_("Next story: "))
        line += context.link(after)
    nav += line
    return [nav]


def resembles(name: str, wanted: str) -> bool:
    """Whether ``name`` is ``wanted`` in another case or with at most two letters wrong."""
    name, wanted = name.casefold(), wanted.casefold()
    if name == wanted:
        return True
    previous = list(range(len(wanted) + 1))
    for i, a in enumerate(name, 1):
        current = [i]
        for j, b in enumerate(wanted, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] <= 2
