from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borikan.core.files import MAX_BYTES
from borikan.knowledge.models import Audience, Language, Status
from borikan.knowledge.services.articles import MAX_BODY, MAX_TITLE, MAX_TOPIC, ArticleInput


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    agency = forms.ChoiceField(label=_("Agency"))
    topic = forms.CharField(label=_("Topic"), max_length=MAX_TOPIC, required=False)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1200,
        help_text=_("Separated by commas, e.g. แบรนด์, โลโก้, trademark"),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: ## heading, **bold**, - list, [link](https://…)"),
    )
    source_links = forms.CharField(
        label=_("Source links"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address a line, e.g. the agency's page on this service."),
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    review_by = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = agencies

    def article_input(self) -> ArticleInput:
        data = self.cleaned_data
        return ArticleInput(
            agency_code=data["agency"],
            title=data["title"],
            body=data["body"],
            tags=[tag for tag in data["tags"].split(",") if tag.strip()],
            topic=data["topic"],
            source_links=data["source_links"].split(),
            audience=data["audience"],
            status=data["status"],
            language=data["language"],
            review_by=data["review_by"],
            note=data["note"],
        )


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // 2**20}
            )
        return upload


class BasketConfirmForm(forms.Form):
    item_count = forms.IntegerField(min_value=0, max_value=1000, widget=forms.HiddenInput)
