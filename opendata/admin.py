from django.contrib import admin

from opendata.models import ProjectSector


class ProjectSectorInline(admin.TabularInline):
    """DAC sectors that override the theme-derived ones in the IATI export."""

    model = ProjectSector
    extra = 0
