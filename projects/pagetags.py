"""What the catalogue's public pages show, as dependency tags of the page cache
(blp_portal.lib.cachetags), and how saves of the projects' rows reach those tags."""

from blp_portal.lib.cachetags import depends_on, every, group, lists, row, track

PROJECT = "projects.project"
# The rows every list, card and project page names: a change of any of them may show anywhere.
# Pages depend on them as one group tag (registered in register()), so a hit checks one version.
REFERENCE = "catalogue-reference"
REFERENCE_LABELS = (
    "projects.phase",
    "projects.specialcall",
    "themes.theme",
    "themes.sustainabledevelopmentgoal",
    "partners.land",
    "partners.partnercountry",
    "partners.organisation",
)


def register():
    """The projects' rules (ProjectsConfig.ready()): a description is only on the project's
    page (and in the full open data), every row that hangs on a project is shown with it."""
    group(REFERENCE, *(every(label) for label in REFERENCE_LABELS))
    track(
        "projects.Project",
        detail_only={"description", "internal_note", "updated_at"},
        parents=["predecessor"],
    )
    for label in (
        "projects.ProjectLand",
        "projects.Participation",
        "projects.InKindContribution",
        "projects.ProjectLink",
        "projects.ProjectResult",
        "projects.ProjectUpdate",
    ):
        track(label, parents=["project"])
    track("projects.SpecialCall", parents=["phase"])


def catalogue(request, *, all_fields=False):
    """A page that lists or counts projects. `all_fields`: it shows (or searches) every field,
    so a change of a description makes it stale too (the open data, a text search)."""
    depends_on(request, every(PROJECT) if all_fields else lists(PROJECT), REFERENCE)


def project_page(request, project, *neighbours):
    """The page of one project, which also names its predecessor and successor."""
    depends_on(request, row(project), REFERENCE, *(row(n) for n in neighbours if n is not None))
