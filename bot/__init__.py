"""Smart Kampung bot. ``bot.core`` is what every process shares; the rest of ``bot`` is
the web process (``bot.app.create_app``). Importing this package imports nothing else,
so the worker and the action server can use ``bot.core`` without Flask."""


def create_app(test_config=None):
    """The Flask application (``bot.app.create_app``); imported here on first use."""
    from bot.app import create_app as factory

    return factory(test_config)
