"""Miz (میز خدمت): the Persian right-to-left counter application.

The package is layered (see ARCHITECTURE.md): ``persian`` and ``models`` at the
bottom, ``services`` over them, ``reports`` and ``sync`` beside the services, and
``ui`` on top. Only ``ui`` imports Qt.
"""

__version__ = "0.1.0"
