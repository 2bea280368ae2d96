"""One module per directive, sphinx-design style; ``DIRECTIVES`` is the ``lw`` domain's table."""

from . import check, checklist, coverage, excerpt, insight, method, quote, story

DIRECTIVES = {
    "story": story.StoryDirective,
    "quote": quote.QuoteDirective,
    "insight": insight.InsightDirective,
    "excerpt": excerpt.ExcerptDirective,
    "method": method.MethodDirective,
    "check": check.CheckDirective,
    "checklist": checklist.ChecklistDirective,
    "coverage": coverage.CoverageDirective,
}
