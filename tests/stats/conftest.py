"""Lets the pure statistics tests run without Django: ``pytest -p no:django tests/stats``.

pyproject.toml names a Django settings module and runs pytest with --strict-config; with
the pytest-django plugin disabled (or not installed) that ini key would be unknown, so it
is registered here as a no-op. Under pytest-django this does nothing.
"""


def pytest_addoption(parser, pluginmanager):
    if not pluginmanager.has_plugin("django"):
        parser.addini("DJANGO_SETTINGS_MODULE", "unused without pytest-django")
