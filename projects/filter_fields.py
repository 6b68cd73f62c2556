"""The form fields of the project list's filters (projects.filters).

The fields over a reference table (themes, Länder, countries, phases, SDGs) look the URL's
values up among the objects the list keeps per process (projects.facets.facet_options) when
their FilterSet hands them over (`kept`), instead of one query per ticked filter. What they
accept is what Django's own look-up accepts: a value is valid when it is written as an
object's `to_field_name` is; the cleaned value is the list of those objects, in the
queryset's order, which the filters then match by primary key (no join to the reference
table in the list's query).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import ModelChoiceIterator

from projects.facets import sort_key


class KeptChoiceField(forms.ModelMultipleChoiceField):
    """Any of several objects of `queryset`, found among `kept()` where it is set: a callable
    returning the queryset's objects as kept (it is None outside the project list's filters)."""

    kept = None

    def _check_values(self, value):
        if self.kept is None:
            return super()._check_values(value)
        try:
            value = frozenset(value)
        except TypeError:  # a list of lists, for example
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        key = self.to_field_name or "pk"
        found = {str(getattr(obj, key)): obj for obj in self.kept()}
        for item in value:
            self.validate_no_null_characters(item)
            if str(item) not in found:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        wanted = {str(item) for item in value}
        return [obj for written, obj in found.items() if written in wanted]


class LabelSortedIterator(ModelChoiceIterator):
    """Choices in the alphabetical order of their label in the active language."""

    def __iter__(self):
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: sort_key(choice[1]))


class PlaceChoiceField(KeptChoiceField):
    """Länder and partner countries, addressed by their lower-case ISO code."""

    iterator = LabelSortedIterator

    def clean(self, value):
        # URLs use de-bw; the database keeps DE-BW.
        value = [v.upper() for v in value] if isinstance(value, (list, tuple)) else value
        return super().clean(value)

    def prepare_value(self, value):
        if hasattr(value, "code"):
            return str(value.code).lower()
        return super().prepare_value(value)

    def label_from_instance(self, obj):
        return obj.name


class IntegerCodeChoiceField(KeptChoiceField):
    """Objects addressed in the URL by an integer field (`to_field_name`, e.g. an SDG number).

    A value that is not an integer within `bounds` is an invalid choice before any query is
    built: an integer beyond 64 bits would make SQLite's driver raise OverflowError, and one
    out of range is no object anyway (the same answer on every database). The bounds are
    documented in the API's OpenAPI document (opendata/schemas.py).
    """

    bounds = (0, 2**31 - 1)  # (lowest, highest)

    def _check_values(self, value):
        low, high = self.bounds
        for item in value:
            try:
                number = int(str(item).strip())
            except ValueError:  # not an integer, or too long for int() (4,300 digits)
                number = None
            if number is None or not low <= number <= high:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class SdgChoiceField(IntegerCodeChoiceField):
    bounds = (1, 17)  # as the check constraint of SustainableDevelopmentGoal

    def label_from_instance(self, obj):
        return f"{obj.number} {obj.name}"


class YearField(forms.IntegerField):
    """A year of the period filter; any other integer (of any size) is an invalid value."""

    bounds = (1900, 2100)  # also in the API's OpenAPI document

    def __init__(self, *args, **kwargs):
        low, high = self.bounds
        kwargs.setdefault("validators", [MinValueValidator(low), MaxValueValidator(high)])
        super().__init__(*args, **kwargs)
