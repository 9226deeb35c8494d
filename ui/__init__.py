"""落户受理 desktop app: PySide6 screens, one per module, a thin face over the ``intake`` core."""
