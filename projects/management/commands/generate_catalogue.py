"""Generate a large synthetic catalogue for benchmarks (never for production data).

Realistic in shape: German and English titles, summaries and descriptions, 1–2 focus themes,
0–2 topics, 1–3 Länder (one leading), 1–2 partner countries, 2–4 organisations and SDGs per
project; 90 % published, the rest drafts, in review or archived. Every generated slug starts with
`synth-`, so `--clear` removes exactly what this command made. Rows are written with
bulk_create (10,000 projects take seconds); bulk_create sends no signals, so the command clears
the cache at the end, and no cached page shows the catalogue from before.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from partners.models import Land, Organisation, PartnerCountry
from projects.demo_data import read_demo, translated
from projects.models import Participation, Phase, Project, ProjectLand
from themes.models import SustainableDevelopmentGoal, Theme

PREFIX = "synth-"
BATCH = 1000

# Themes, Länder, phases, SDGs and partner countries come from the demo catalogue
# (projects/demo/*.json). The demo names ten partner countries; a catalogue of this size works
# with about forty, so these are added to keep the filters and maps the size they would be.
R = PartnerCountry.Region
MORE_COUNTRIES = {
    R.SUB_SAHARAN_AFRICA: "GH KE TZ SN CM BJ BF MW ZM",
    R.NORTH_AFRICA_MIDDLE_EAST: "MA EG JO LB",
    R.LATIN_AMERICA_CARIBBEAN: "BR CO EC BO GT CR",
    R.ASIA: "IN VN ID PH KH NP BD MN UZ",
    R.EUROPE: "MD GE AM RS",
}

ACTIONS = [
    ("Stärkung der", "Strengthening"),
    ("Aufbau der", "Building up"),
    ("Modernisierung der", "Modernising"),
    ("Digitalisierung der", "Digitalising"),
    ("Partnerschaft für die", "Partnership for"),
    ("Qualifizierung in der", "Training in"),
]
SUBJECTS = [
    ("kommunalen Wasserversorgung", "municipal water supply"),
    ("beruflichen Bildung", "vocational education"),
    ("Solarenergie in Schulen", "solar energy in schools"),
    ("Abfallwirtschaft", "waste management"),
    ("Hebammenausbildung", "midwifery training"),
    ("Verwaltung der Stadtplanung", "urban planning administration"),
    ("Hochschulkooperation Landwirtschaft", "university cooperation in agriculture"),
    ("Katastrophenvorsorge", "disaster preparedness"),
    ("Kreislaufwirtschaft im Handwerk", "circular economy in crafts"),
    ("Gesundheitsdaten", "health data"),
    ("Forstwirtschaft und Biodiversität", "forestry and biodiversity"),
    ("Start-up-Förderung", "start-up support"),
]
SENTENCES = [
    (
        "Das Projekt verbindet Fachleute aus {land} und {country}.",
        "The project connects experts from {land} and {country}.",
    ),
    (
        "Gemeinsam entwickeln die Partner Lehrpläne, Leitfäden und Pilotvorhaben.",
        "Together the partners develop curricula, guidelines and pilot schemes.",
    ),
    (
        "Im Mittelpunkt stehen Verwaltung, Hochschulen und Zivilgesellschaft vor Ort.",
        "Local administrations, universities and civil society are at its centre.",
    ),
    (
        "Fortbildungen und Hospitationen sichern, dass das Wissen bleibt.",
        "Training courses and job shadowing make sure the knowledge stays.",
    ),
    (
        "Die Ergebnisse fließen in eine landesweite Strategie ein.",
        "The results feed into a nationwide strategy.",
    ),
    (
        "Besonderes Augenmerk gilt der Beteiligung von Frauen und jungen Menschen.",
        "Special attention is paid to the participation of women and young people.",
    ),
]


def _names(row):
    """The name fields of a demo row (the untranslated field is the German text)."""
    return {"name": row["name_de"], "name_de": row["name_de"], "name_en": row["name_en"]}


class Command(BaseCommand):
    help = (
        "Generate a synthetic catalogue of N projects (slugs start with 'synth-') for "
        "benchmarks. Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000, help="How many (10,000).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--clear", action="store_true", help="First delete everything made by this command."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (benchmark databases)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Synthetic data is for benchmarks only: refusing to run with DEBUG off "
                "(use --force on a benchmark database)."
            )
        if options["projects"] < 0:
            raise CommandError("--projects must not be negative.")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            postgresql = connection.vendor == "postgresql"
            if postgresql:  # the pair counts once at the end, not once per bulk insert
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL projects.facet_pairs = 'deferred'")
            if options["clear"]:
                removed = self.clear()
                self.stdout.write(f"Removed {removed} synthetic projects.")
            if Project.objects.filter(slug__startswith=PREFIX).exists():
                raise CommandError("Synthetic projects exist already: add --clear to replace them.")
            reference = self.reference_data(rng)
            created = self.generate(rng, options["projects"], reference)
            if postgresql:  # facet rows rewritten once per link table: compact, count pairs
                with connection.cursor() as cursor:
                    cursor.execute("SELECT projects_facet_values_rebuild()")
        cache.clear()  # bulk_create sent no signals: drop every cached page
        if postgresql:
            # Fresh statistics, so the planner sees 10,000 rows rather than an empty table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated {created} synthetic projects."))

    def clear(self):
        projects = Project.objects.filter(slug__startswith=PREFIX)
        ids = list(projects.values_list("pk", flat=True))
        # Delete the rows that hang on the projects directly: fast, no per-object signals.
        for relation in (Project.themes, Project.topics, Project.partner_countries, Project.sdgs):
            relation.through.objects.filter(project_id__in=ids)._raw_delete(using="default")
        for model in (ProjectLand, Participation):
            model.objects.filter(project_id__in=ids)._raw_delete(using="default")
        projects.update(predecessor=None)
        count = projects.count()
        projects.delete()
        Organisation.objects.filter(key__startswith=PREFIX).delete()
        return count

    def reference_data(self, rng):
        """Themes, Länder, countries, phases, SDGs and organisations: existing ones are reused."""
        for row in read_demo("themes.json"):
            Theme.objects.get_or_create(
                slug=row["slug"], defaults={"kind": row["kind"], **_names(row)}
            )
        for row in read_demo("laender.json"):
            Land.objects.get_or_create(code=row["code"], defaults=_names(row))
        countries = [(row["code"], row["region"]) for row in read_demo("countries.json")]
        countries += [
            (code, region) for region, codes in MORE_COUNTRIES.items() for code in codes.split()
        ]
        for code, region in countries:
            PartnerCountry.objects.get_or_create(code=code, defaults={"region": region})
        for row in read_demo("phases.json"):
            Phase.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    "short_name": row["short_name"],
                    "start_year": row["start_year"],
                    "end_year": row["end_year"],
                    **_names(row),
                },
            )
        for row in read_demo("sdgs.json"):
            SustainableDevelopmentGoal.objects.get_or_create(
                number=row["number"], defaults=_names(row)
            )
        countries = list(PartnerCountry.objects.all())
        organisations = [
            Organisation(
                key=f"{PREFIX}org-{n}",
                name=f"Synthetische Organisation {n}",
                name_de=f"Synthetische Organisation {n}",
                name_en=f"Synthetic organisation {n}",
                country=rng.choice(["DE", *(str(c.code) for c in countries)]),
                kind=rng.choice(Organisation.Kind.values),
            )
            for n in range(1, 301)
        ]
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        return {
            "focus": list(Theme.objects.focus()),
            "topics": list(Theme.objects.topics()),
            "laender": list(Land.objects.all()),
            "countries": countries,
            "country_names": self.country_names(countries),
            "phases": list(Phase.objects.all()),
            "sdgs": list(SustainableDevelopmentGoal.objects.all()),
            "organisations": list(Organisation.objects.filter(key__startswith=PREFIX)),
        }

    @staticmethod
    def country_names(countries):
        names = {}
        for language in ("de", "en"):
            with translation.override(language):
                for country in countries:
                    names[(country.pk, language)] = str(country.code.name)
        return names

    def generate(self, rng, count, ref):
        projects, links = [], []
        states = [Project.PublicationState.PUBLISHED] * 18 + [
            Project.PublicationState.DRAFT,
            rng.choice([Project.PublicationState.REVIEW, Project.PublicationState.ARCHIVED]),
        ]
        now = timezone.now()
        for n in range(1, count + 1):
            phase = rng.choice(ref["phases"])
            laender = rng.sample(ref["laender"], rng.choice([1, 1, 2, 3]))
            countries = rng.sample(ref["countries"], rng.choice([1, 1, 1, 2]))
            action, subject = rng.choice(ACTIONS), rng.choice(SUBJECTS)
            country_de = ref["country_names"][(countries[0].pk, "de")]
            country_en = ref["country_names"][(countries[0].pk, "en")]
            sentences = rng.sample(SENTENCES, 4)
            fill_de = {"land": laender[0].name_de, "country": country_de}
            fill_en = {"land": laender[0].name_en, "country": country_en}
            texts = {
                "title_de": f"{action[0]} {subject[0]} in {country_de} ({n})",
                "title_en": f"{action[1]} {subject[1]} in {country_en} ({n})",
                "summary_de": " ".join(s[0].format(**fill_de) for s in sentences[:2]),
                "summary_en": " ".join(s[1].format(**fill_en) for s in sentences[:2]),
                "description_de": "\n\n".join(s[0].format(**fill_de) * 3 for s in sentences),
                "description_en": "\n\n".join(s[1].format(**fill_en) * 3 for s in sentences),
            }
            start = date(phase.start_year, rng.randint(1, 12), rng.randint(1, 28))
            state = rng.choice(states)
            projects.append(
                Project(
                    slug=f"{PREFIX}{n:05d}",
                    **translated(texts, "title", "summary", "description"),
                    partner_region="",
                    phase=phase,
                    status=rng.choice(Project.Status.values),
                    gender_marker=rng.choice([None, 0, 1, 1, 2]),
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(365, 4 * 365)),
                    bmz_funding=Decimal(rng.randrange(50_000, 800_000, 1000)),
                    laender_funding=Decimal(rng.randrange(5_000, 150_000, 500)),
                    publication_state=state,
                    published_at=(
                        now - timedelta(days=rng.randint(0, 3000), minutes=n)
                        if state == Project.PublicationState.PUBLISHED
                        else None
                    ),
                )
            )
            links.append(
                {
                    "themes": rng.sample(ref["focus"], rng.choice([1, 1, 2])),
                    "topics": rng.sample(ref["topics"], rng.choice([0, 0, 1, 2])),
                    "laender": laender,
                    "countries": countries,
                    "sdgs": rng.sample(ref["sdgs"], rng.choice([1, 2, 3])),
                    "organisations": rng.sample(ref["organisations"], rng.choice([2, 3, 4])),
                }
            )
        Project.objects.bulk_create(projects, batch_size=BATCH)
        self.link(projects, links)
        return len(projects)

    def link(self, projects, links):
        through = {
            "themes": (Project.themes.through, "theme_id"),
            "topics": (Project.topics.through, "theme_id"),
            "countries": (Project.partner_countries.through, "partnercountry_id"),
            "sdgs": (Project.sdgs.through, "sustainabledevelopmentgoal_id"),
        }
        rows = {name: [] for name in through}
        roles, participations = [], []
        role_choices = Participation.Role.values
        for project, link in zip(projects, links, strict=True):
            for name, (model, column) in through.items():
                rows[name].extend(
                    model(project_id=project.pk, **{column: obj.pk}) for obj in link[name]
                )
            roles.extend(
                ProjectLand(project_id=project.pk, land_id=land.pk, is_lead=index == 0)
                for index, land in enumerate(link["laender"])
            )
            participations.extend(
                Participation(
                    project_id=project.pk, organisation_id=org.pk, role=role_choices[i % 3]
                )
                for i, org in enumerate(link["organisations"])
            )
        for name, (model, _column) in through.items():
            model.objects.bulk_create(rows[name], batch_size=BATCH)
        ProjectLand.objects.bulk_create(roles, batch_size=BATCH)
        Participation.objects.bulk_create(participations, batch_size=BATCH)
