"""What staff see of their own account: their preferences, and the page shown
while their login is locked out."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .forms import PreferencesForm


def admin_home_in(language: str) -> str:
    with translation.override(language):
        return reverse("admin:index")


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the language cookie, so that addresses without a language (the
    portal's /) open in this one."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def preferences(request: HttpRequest) -> HttpResponse:
    """A staff member's own display name and admin language (in the admin, for
    everyone logged in to it: no permission on users is needed)."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        with translation.override(user.admin_language):
            messages.success(request, gettext("Your preferences are saved."))
        return remember_language(
            HttpResponseRedirect(admin_home_in(user.admin_language)),
            user.admin_language,
        )
    context = {
        **admin.site.each_context(request),
        "title": gettext("Your preferences"),
        "form": form,
    }
    return render(request, "admin/preferences.html", context)


def login_locked_out(request: HttpRequest, response, credentials) -> HttpResponse:
    """django-axes: the page shown while a login is locked out, in the admin's
    design and the visitor's language."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 60
    context = {**admin.site.each_context(request), "minutes": minutes}
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
