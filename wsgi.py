from bot import create_app; app = create_app()  # noqa: I001
