from datetime import date
from decimal import Decimal

import pytest

from projectmedia.models import ProjectDocument
from projects.models import Participation, ProjectLink, ProjectResult
from projects.updates import ProjectUpdate
from tests.factories import make_organisation, make_project, make_theme
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_detail_shows_project_in_german_and_english(client):
    project = make_project(title_de="Arzneipflanzen", title_en="Medicinal plants")
    german = client.get(f"/de/projekte/{project.slug}/")
    english = client.get(f"/en/projects/{project.slug}/")
    assert german.status_code == english.status_code == 200
    assert "Arzneipflanzen" in german.content.decode()
    assert "Medicinal plants" in english.content.decode()
    assert '<html lang="en"' in english.content.decode()


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_detail_404_for_unpublished_project(client, state):
    project = make_project(state=state)
    assert client.get(f"/de/projekte/{project.slug}/").status_code == 404


def test_detail_404_for_unknown_slug(client):
    response = client.get("/de/projekte/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_detail_handles_empty_optional_values(client):
    project = make_project(start_date=None, end_date=None, bmz_funding=None)
    html = client.get(f"/de/projekte/{project.slug}/").content.decode()
    assert "nicht veröffentlicht" in html
    assert "nicht bekannt" not in html
    assert "None" not in html


def test_detail_links_predecessor_and_successor_but_not_a_draft(client):
    first = make_project(title_de="Erste Phase")
    second = make_project(title_de="Zweite Phase", predecessor=first)
    draft = make_project(title_de="Geheime Phase", predecessor=second, state="draft")
    html = client.get(f"/de/projekte/{second.slug}/").content.decode()
    assert "Erste Phase" in html
    assert draft.title not in html
    assert "Zweite Phase" in client.get(f"/de/projekte/{first.slug}/").content.decode()


def test_detail_query_count_is_fixed(client, django_assert_num_queries):
    project = make_project()
    for key in ("a", "b", "c"):
        Participation.objects.create(
            project=project, organisation=make_organisation(key=key), role="german_partner"
        )
        ProjectResult.objects.create(project=project, indicator_de=f"Indikator {key}")
    # The first page after a change of themes, Länder, countries or SDGs reads them (kept per
    # process: projects.facets.facet_options); the pages after it read none of them.
    warm_up = f"/de/projekte/{make_project().slug}/"
    client.get(warm_up)  # its end also runs the after-commit drop of the organisations saved
    client.get(warm_up)
    # 1 project (+phase, call, predecessor, successor, and whether it has links, results,
    # documents, published updates), 1 union of its links to themes, topics, Länder, partner
    # countries and SDGs, participations, in-kind contributions, 1 latest Land confirmation
    # (editorial), and the results it has (the parts it lacks cost none). The header/footer
    # pages come from the cache (pages/nav.py).
    with django_assert_num_queries(6):
        response = client.get(f"/de/projekte/{project.slug}/")
    assert response.status_code == 200


def test_detail_prefetches_its_relations_when_one_changed_since_it_was_kept(client):
    project = make_project(topics=[make_theme("digitalisierung", kind=Theme.Kind.TOPIC)])
    client.get(f"/de/projekte/{project.slug}/")  # keeps the options
    # bulk_create sends no save signal: the kept options do not hold the new topic
    (added,) = Theme.objects.bulk_create(
        [Theme(slug="gender", kind=Theme.Kind.TOPIC, name_de="Geschlechtergerechtigkeit")]
    )
    project.topics.add(added)
    html = client.get(f"/de/projekte/{project.slug}/").content.decode()
    assert "Geschlechtergerechtigkeit" in html


def test_detail_fetches_and_shows_each_optional_part_it_has(client, django_assert_num_queries):
    project = make_project()
    ProjectLink.objects.create(project=project, url="https://example.org/b", label_de="Bericht")
    ProjectResult.objects.create(project=project, indicator_de="Ausgebildete Fachkräfte")
    ProjectUpdate.objects.create(
        project=project, text_de="Neuigkeit vom Projekt", publication_state="published"
    )
    document = ProjectDocument(project=project, title_de="Jahresbericht", language="de")
    document.file.name = "documents/a.pdf"  # no file: bulk_create does not read its size
    ProjectDocument.objects.bulk_create([document])
    client.get(f"/de/projekte/{make_project().slug}/")  # keeps the themes, Länder, countries
    # the 5 of a project without them, and one query for each of the four
    with django_assert_num_queries(9):
        html = client.get(f"/de/projekte/{project.slug}/").content.decode()
    for shown in ["Bericht", "Ausgebildete Fachkräfte", "Neuigkeit vom Projekt", "Jahresbericht"]:
        assert shown in html


def test_detail_shows_results_as_a_table(client):
    project = make_project()
    ProjectResult.objects.create(
        project=project,
        indicator_de="Geschulte Lehrkräfte",
        indicator_en="Teachers trained",
        unit_en="persons",
        baseline=Decimal("0"),
        target=Decimal("120"),
        achieved=Decimal("95.5"),
        measured_on=date(2025, 6, 30),
        narrative_en="On track.",
    )
    ProjectResult.objects.create(project=project, indicator_de="Leitfaden", indicator_en="Guide")
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert '<table class="results-table">' in html
    assert '<th scope="row">Teachers trained</th>' in html
    assert '<td class="num">120</td>' in html
    assert '<td class="num">95.50</td>' in html or '<td class="num">95.5</td>' in html
    assert '<time datetime="2025-06-30">' in html
    assert "On track." in html
    assert html.index("Teachers trained") < html.index("Guide")


def test_detail_without_results_has_no_results_table(client):
    project = make_project()
    assert "results-table" not in client.get(f"/en/projects/{project.slug}/").content.decode()


def test_withheld_fields_are_replaced_by_a_placeholder(client):
    project = make_project(
        description_de="Geheime Beschreibung",
        description_en="Secret description",
        partner_region_en="Secret province",
        withheld_fields=[
            "description",
            "partner_region",
            "organisations",
            "links",
            "partner_countries",
        ],
    )
    Participation.objects.create(
        project=project,
        organisation=make_organisation(key="geheim", name_de="Geheim-Verein"),
        role="partner_country_partner",
    )
    ProjectLink.objects.create(project=project, url="https://secret.example/", label_de="Geheim")
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    for secret in (
        "Secret description",
        "Secret province",
        "Geheim-Verein",
        "secret.example",
        "/en/countries/ug/",
    ):
        assert secret not in html, secret
    assert html.count("Not published for the protection of partners.") == 5


def test_fields_not_withheld_are_shown(client):
    project = make_project(
        description_en="Open description", partner_region_en="Kampala", withheld_fields=["links"]
    )
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert "Open description" in html and "Kampala" in html
    assert 'href="/en/countries/ug/"' in html


def test_english_visitor_sees_german_text_with_notice_and_lang(client):
    project = make_project(title_en="", summary_en="", description_de="Nur deutsch.")
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert "This text is not yet available in English; the German version is shown." in html
    assert f'<h1 lang="de">{project.title_de}</h1>' in html
    assert '<p class="lead" lang="de">Kurzbeschreibung</p>' in html
    assert '<div lang="de"><p>Nur deutsch.</p></div>' in html


def test_complete_english_text_has_no_notice(client):
    project = make_project(description_de="Deutsch.", description_en="English.")
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert "not yet available in English" not in html
    assert 'lang="de"' not in html.split("<main")[1].split("</main>")[0]
    assert "not yet available" not in client.get(f"/de/projekte/{project.slug}/").content.decode()


def test_detail_shows_last_updated_date(client):
    project = make_project()
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert '<dt>Last updated</dt><dd><time datetime="' in html


def test_detail_names_the_last_update_once(client, demo_data):
    html = client.get("/de/projekte/sachsen-mosambik-bergbausicherheit/").content.decode()
    assert html.count("Zuletzt aktualisiert") == 1


def test_a_theme_added_later_is_kept_too(client, django_assert_num_queries):
    """The kept objects are reloaded after a change, not read from a queryset that still
    holds its first result (the filter classes' own querysets)."""
    client.get(f"/de/projekte/{make_project().slug}/")
    later = make_project(themes=[make_theme("wasser", name_de="Wasser")])
    client.get(f"/de/projekte/{later.slug}/")  # reloads the kept objects with the new theme
    with django_assert_num_queries(5):  # warm: no list of objects, no prefetch
        html = client.get(f"/de/projekte/{later.slug}/").content.decode()
    assert "Wasser" in html
