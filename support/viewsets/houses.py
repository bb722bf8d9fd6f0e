"""Houses in the admin: each house a decision's "new house" or "repair" line pays for, made
when the decision is approved, followed approved → started → completed → handed over with the
date and photos of each stage. The list filters the late ones (started more than
SUPPORT_HOUSE_LATE_DAYS days ago and not completed)."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from sitewide.columns import DateColumn
from sitewide.forms import DateField
from sitewide.models import Area
from support import services
from support.models import House
from support.scoping import houses_for

from .base import ScopedActionView, ScopedIndexView, ScopedObjectMixin, scoped_views


class HouseFilterSet(WagtailFilterSet):
    late = django_filters.ChoiceFilter(
        label=_("Progress"),
        choices=[("true", _("Late")), ("false", _("Not late"))],
        method="filter_late",
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="line__beneficiary__commune",
        queryset=Area.objects.filter(
            level=Area.Level.COMMUNE, beneficiaries__lines__house__isnull=False
        )
        .distinct()
        .order_by("name"),
    )

    class Meta:
        model = House
        fields = ["stage", "commune"]

    def filter_late(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        late = services.late_houses()
        return queryset.filter(pk__in=late) if value == "true" else queryset.exclude(pk__in=late)


class HouseIndexView(ScopedIndexView):
    scope = staticmethod(houses_for)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related(
                "line__beneficiary__commune", "line__decision__support_level", "line__decision"
            )
        )

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class HouseInspectView(ScopedObjectMixin, generic.InspectView):
    scope = staticmethod(houses_for)
    template_name = "support/admin/house_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        house = self.object
        photos = list(house.photos.select_related("image"))
        stages = []
        for value, label in House.Stage.choices:
            stages.append(
                {
                    "value": value,
                    "label": label,
                    "on": house.stage_date(value),
                    "photos": [photo for photo in photos if photo.stage == value],
                    "reached": services.STAGE_ORDER.index(value)
                    <= services.STAGE_ORDER.index(house.stage),
                }
            )
        late_after = settings.SUPPORT_HOUSE_LATE_DAYS
        context.update(
            house=house,
            line=house.line,
            stages=stages,
            is_late=services.late_houses().filter(pk=house.pk).exists(),
            late_after=late_after,
            can_advance=house.stage != House.Stage.HANDED_OVER
            and self.request.user.has_perm("support.change_house"),
        )
        return context


class MultipleImagesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImagesField(WagtailImageField):
    """Several photos at once, each checked as Wagtail checks an upload (type, size, pixels)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImagesInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleImagesField, self).clean(file, initial) for file in files]


class StageForm(forms.Form):
    on = DateField(label=_("On"))
    photos = MultipleImagesField(label=_("Photos"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


def save_photos(files, title, user):
    Image = get_image_model()
    images = []
    for number, file in enumerate(files, start=1):
        image = Image(title=f"{title} ({number})", file=file, uploaded_by_user=user)
        image.save()
        images.append(image)
    return images


class AdvanceStageView(ScopedActionView):
    scope = staticmethod(houses_for)
    form_class = StageForm
    required_permissions = ("support.change_house",)
    back_url_name = "house:inspect"
    submit_button_label = _("Save")
    success_message = _("%(object)s moved to its next stage.")
    header_icon = "home"

    @property
    def next_stage(self):
        index = services.STAGE_ORDER.index(self.object.stage) + 1
        return services.STAGE_ORDER[index] if index < len(services.STAGE_ORDER) else None

    def get_page_title(self):
        stage = self.next_stage
        label = House.Stage(stage).label if stage else ""
        return _("Next stage: %(stage)s") % {"stage": label}

    def perform(self, form):
        if self.next_stage is None:
            raise ValidationError(_("The house is already handed over."))
        with transaction.atomic():
            title = f"{self.object} – {House.Stage(self.next_stage).label}"
            images = save_photos(form.cleaned_data["photos"], title, self.request.user)
            return services.advance_house_stage(
                self.object,
                stage=self.next_stage,
                on=form.cleaned_data["on"],
                photos=images,
                user=self.request.user,
            )


class PhotoForm(forms.Form):
    photos = MultipleImagesField(label=_("Photos"))


class AddPhotosView(ScopedActionView):
    scope = staticmethod(houses_for)
    form_class = PhotoForm
    required_permissions = ("support.change_house",)
    back_url_name = "house:inspect"
    page_title = _("Add photos of the current stage")
    submit_button_label = _("Add")
    success_message = _("Photos added to %(object)s.")

    def perform(self, form):
        with transaction.atomic():
            title = f"{self.object} – {self.object.get_stage_display()}"
            for image in save_photos(form.cleaned_data["photos"], title, self.request.user):
                services.add_house_photo(self.object, image=image, user=self.request.user)


class HouseViewSet(ModelViewSet):
    model = House
    name = "house"
    icon = "home"
    menu_label = _("Houses")
    menu_order = 300
    index_view_class = HouseIndexView
    inspect_view_class = HouseInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = HouseFilterSet
    search_fields = []
    list_display = [
        "__str__",
        Column("commune", label=_("Commune"), accessor="line.beneficiary.commune"),
        Column("decision", label=_("Decision"), accessor="line.decision.number"),
        Column("stage", label=_("Stage"), accessor="get_stage_display"),
        DateColumn("approved_on", label=_("Approved on"), sort_key="approved_on"),
        DateColumn("started_on", label=_("Started on"), sort_key="started_on"),
        DateColumn("handed_over_on", label=_("Handed over on"), sort_key="handed_over_on"),
    ]
    form_fields = ["stage"]

    def __init__(self, *args, **kwargs):
        for name, view_class in scoped_views(houses_for).items():
            setattr(self, name, view_class)
        super().__init__(*args, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("advance/<int:pk>/", AdvanceStageView.as_view(), name="advance"),
            path("photos/<int:pk>/", AddPhotosView.as_view(), name="photos"),
        ]
