"""Build the portal's own map geometry from the shared Natural Earth files.

Writes ``partners/geo/world.json`` and ``germany.json`` (``partners.map_data``) and from them
the maps' grey backgrounds, ``static/maps/world.svg`` and ``germany.svg``
(``partners.maps.background_svg``; ``--backgrounds-only`` rewrites just these from the
committed JSON, without the shared folder).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners import map_data, maps


class Command(BaseCommand):
    help = (
        "Build partners/geo/world.json and germany.json (projected, simplified SVG "
        "paths) from the shared Natural Earth files, and the maps' backgrounds in static/maps/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=None,
            help="Folder with the shared geo files (default: $SHARED_GEO_DIR or ../shared/geo "
            "beside the repository).",
        )
        parser.add_argument(
            "--output",
            default=None,
            help="Folder to write world.json and germany.json to (default: partners/geo).",
        )
        parser.add_argument(
            "--svg-output",
            default=None,
            help="Folder to write the background world.svg and germany.svg to "
            "(default: static/maps).",
        )
        parser.add_argument(
            "--backgrounds-only",
            action="store_true",
            help="Only rewrite the background SVGs from the committed partners/geo JSON.",
        )

    def handle(self, *args, **options):
        svg_output = Path(options["svg_output"]) if options["svg_output"] else maps.BACKGROUND_DIR
        if options["backgrounds_only"]:
            self._write_backgrounds(svg_output, data=None)
            return
        source = Path(options["source"]) if options["source"] else map_data.default_source()
        output = Path(options["output"]) if options["output"] else maps.GEO_DIR
        if missing := map_data.missing_sources(source):
            raise CommandError(f"Missing in {source}: {', '.join(missing)}")
        output.mkdir(parents=True, exist_ok=True)

        built = {}
        for name, build in (("world", map_data.build_world), ("germany", map_data.build_germany)):
            built[name] = build(source)
            size = map_data.write_json(output / f"{name}.json", built[name])
            self.stdout.write(f"{name}.json: {len(built[name]['shapes'])} shapes, {size:,} bytes")

        self._write_backgrounds(svg_output, data=built)

    def _write_backgrounds(self, output, data):
        for name, size in maps.write_backgrounds(output, data):
            self.stdout.write(f"{output / name}: {size:,} bytes")
