from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK-style messages that say what to do."""

    username = forms.EmailField(label="Email address", max_length=254,
                                widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
                                error_messages={"required": "Enter your email address",
                                                "invalid": "Enter an email address in the correct format, like name@example.org"})
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               error_messages={"required": "Enter your password"})
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Contact the person who manages firstyear in your organisation.",
    }
