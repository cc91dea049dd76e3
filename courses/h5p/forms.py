"""The admin's H5P upload form."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class H5PUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("H5P file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An .h5p package of at most %(size)s. Larger packages are processed in the "
            "background; you will see when they are ready."
        ) % {"size": filesizeformat(settings.H5P_MAX_UPLOAD_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".h5p"):
            raise forms.ValidationError(_("Choose a file whose name ends in .h5p."))
        if upload.size > settings.H5P_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; an upload may be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.H5P_MAX_UPLOAD_BYTES),
                }
            )
        return upload
