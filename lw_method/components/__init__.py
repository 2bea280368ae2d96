"""One module per directive, sphinx-design style; ``DIRECTIVES`` is the ``lw`` domain's table."""

from . import adaptation, check, checklist, coverage, excerpt, insight, method, quote, story
from . import evidence_map, evidence_matrix, quote_index, storytellers
from . import path, paths

DIRECTIVES = {
    "story": story.StoryDirective,
    "quote": quote.QuoteDirective,
    "insight": insight.InsightDirective,
    "excerpt": excerpt.ExcerptDirective,
    "method": method.MethodDirective,
    "check": check.CheckDirective,
    "adaptation": adaptation.AdaptationDirective,
    "checklist": checklist.ChecklistDirective,
    "coverage": coverage.CoverageDirective,
    "storytellers": storytellers.StorytellersDirective,
    "quote-index": quote_index.QuoteIndexDirective,
    "evidence-matrix": evidence_matrix.EvidenceMatrixDirective,
    "evidence-map": evidence_map.EvidenceMapDirective,
    "path": path.PathDirective,
    "paths": paths.PathsDirective,
    "readiness-report": __import__(f"{__name__}.readiness_report", fromlist=["_"]).ReadinessReportDirective,
}
