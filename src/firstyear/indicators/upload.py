"""The import page for administrators: upload, check (a dry run that lists every problem), confirm.

Uploaded files wait in the data directory under a random token kept in the session, so the
confirmed import runs on exactly the files that were checked.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from firstyear.accounts.permissions import has_permission
from firstyear.accounts.roles import Permission
from firstyear.indicators.importers import FORMATS, run_import
from firstyear.indicators.importers.base import ImportRejected
from firstyear.web.uploads import pending_dir

FORMAT_CHOICES = [
    ("fingertips", "Fingertips download (CSV)"),
    ("ons", "ONS deaths and births workbooks (XLS)"),
    ("observations", "Table of counts and denominators (CSV or XLSX)"),
]
assert [k for k, _ in FORMAT_CHOICES] == list(FORMATS)
ALLOWED_SUFFIXES = {".csv", ".xls", ".xlsx"}
SESSION_KEY = "firstyear_pending_import"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or super().clean(None)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What are you importing?", choices=FORMAT_CHOICES, widget=forms.RadioSelect,
                             error_messages={"required": "Select what you are importing"})
    files = MultipleFileField(
        label="Files", help_text="CSV, XLS or XLSX. Choose several ONS workbooks at once to pool years.",
        error_messages={"required": "Choose at least one file"})

    def clean_files(self):
        files = self.cleaned_data["files"]
        for f in files:
            if Path(f.name).suffix.lower() not in ALLOWED_SUFFIXES:
                raise forms.ValidationError(f"{f.name} is not a CSV, XLS or XLSX file")
        return files


def _require(user) -> None:
    if not has_permission(user, Permission.IMPORT_DATA):
        raise PermissionDenied


def _pending_dir(token: str) -> Path:
    if not token.isalnum():
        raise PermissionDenied
    return pending_dir("observations") / token


def import_page(request):
    _require(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        token = secrets.token_hex(16)
        folder = _pending_dir(token)
        folder.mkdir(parents=True)
        paths = []
        for upload in form.cleaned_data["files"]:
            target = folder / Path(upload.name).name
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(target)
        kind = form.cleaned_data["kind"]
        try:
            summary = run_import(kind, paths, by=request.user, dry_run=True, quiet=True)
        except ImportRejected as rejected:
            shutil.rmtree(folder, ignore_errors=True)
            return render(request, "indicators/import.html", {
                "form": UploadForm(), "problems": rejected.problems, "kind": kind,
                "files": [p.name for p in paths], "breadcrumbs": _crumbs()})
        request.session[SESSION_KEY] = {"token": token, "kind": kind, "files": [p.name for p in paths]}
        return render(request, "indicators/import.html", {
            "form": None, "preview": summary.lines(), "kind": kind, "files": [p.name for p in paths],
            "breadcrumbs": _crumbs()})
    return render(request, "indicators/import.html", {"form": form, "breadcrumbs": _crumbs()})


def confirm_import(request):
    _require(request.user)
    if request.method != "POST":
        return redirect("data:import")
    pending = request.session.pop(SESSION_KEY, None)
    if not pending:
        messages.error(request, "There was no checked import to confirm: upload the files again.")
        return redirect("data:import")
    folder = _pending_dir(pending["token"])
    paths = [folder / name for name in pending["files"]]
    try:
        summary = run_import(pending["kind"], paths, by=request.user, quiet=True)
    except ImportRejected as rejected:
        return render(request, "indicators/import.html", {
            "form": UploadForm(), "problems": rejected.problems, "kind": pending["kind"], "files": pending["files"],
            "breadcrumbs": _crumbs()})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    messages.success(request, " ".join(summary.lines()))
    return redirect("data:import")


def _crumbs():
    return [("Home", reverse("web:home")), ("Import data", "")]
