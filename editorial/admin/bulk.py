"""Bulk changes in the project list: editors change the status, the phase or the publication
of the selected projects with one action, after a confirmation page.

Each project goes through the same rules as a single edit: a publication step is its workflow
Transition (checks, workflow log, e-mails; a refusal names the project and leaves it as it
was), a changed status or phase is saved with a version in the history and an entry in the
admin log. Coordinators do not get the action (the "publish" permission: may_publish).
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial import workflow
from projects.models import Phase, Project

FIELDS = ("status", "phase")


class BulkChangeForm(forms.Form):
    step = forms.ChoiceField(label=_("Publication"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("– unchanged –")), *Project.Status.choices],
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.all(),
        required=False,
        empty_label=_("– unchanged –"),
    )
    comment = forms.CharField(
        label=_("Comment (in the workflow log; required when returning to draft)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("– unchanged –"))] + [
            (t.name, t.label) for t in workflow.TRANSITIONS.values() if t.permitted(user)
        ]

    def clean(self):
        data = super().clean()
        transition = workflow.TRANSITIONS.get(data.get("step") or "")
        if transition is None and not any(data.get(name) for name in FIELDS):
            raise forms.ValidationError(_("Choose what to change."))
        if transition is not None and transition.needs_comment and not data.get("comment"):
            raise forms.ValidationError(_("Say in a comment what needs to change."))
        data["transition"] = transition
        return data


def _change_fields(modeladmin, request, project, values, comment):
    """Status and phase as a single edit saves them: a version and an admin log entry."""
    changed = [name for name, value in values.items() if getattr(project, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(project, name, values[name])
    labels = [str(Project._meta.get_field(name).verbose_name) for name in changed]
    with reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(
            gettext("Changed in the project list: %(fields)s") % {"fields": ", ".join(labels)}
            + (f" – {comment}" if comment else "")
        )
        project.save()
    modeladmin.log_change(request, project, [{"changed": {"fields": labels}}])


def _apply(modeladmin, request, queryset, data):
    values = {name: data[name] for name in FIELDS if data.get(name)}
    transition, comment = data["transition"], data["comment"]
    done = 0
    for project in queryset.select_related("phase"):
        try:
            with transaction.atomic():  # the field change stays only if the step succeeds
                _change_fields(modeladmin, request, project, values, comment)
                if transition is not None:
                    transition.take(project, request.user, comment)
        except workflow.WorkflowError as exc:
            messages.warning(request, f"{project}: {exc}")
        else:
            done += 1
    if done:
        messages.success(request, gettext("%(count)d projects changed.") % {"count": done})


@admin.action(
    description=_("Change status, phase or publication of the selected projects"),
    permissions=["publish"],
)
def change_selected(modeladmin, request, queryset):
    """The action: first the confirmation page with the choice, then the change."""
    applying = "apply" in request.POST
    form = BulkChangeForm(request.POST if applying else None, user=request.user)
    if applying and form.is_valid():
        _apply(modeladmin, request, queryset, form.cleaned_data)
        return None  # back to the list, with the messages
    selected = list(queryset.select_related("phase").order_by("title_de", "pk"))
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": gettext("Change %(count)d projects") % {"count": len(selected)},
        "form": form,
        "selected": selected,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/editorial/bulk_change.html", context)
