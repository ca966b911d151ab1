"""What a printed document shows, as plain data: dataclasses and vocabularies shared by
``services`` (which fill them) and ``reports`` (which draw them). Standard library and
``persian`` only; any thread.
"""
