"""Facilitator training workshops (seed 001) and attendance for every course.

The vocabularies and the plain documents the PDFs draw are in ``documents.workshops``;
the demo's Welfare workshops in ``services.demo.demo_workshops``. Modules, in the order
of the seed's five steps:

- ``numbering`` — every human-facing number of the package (workshop codes, letter
  numbers, completion-certificate serials): the one seam for the shared numbering;
- ``templates`` — the province's programme template, the 12-day CBR programme;
- ``programme`` — workshops: create from a template, edit, sessions, states, budget, list;
- ``participants`` — the people (national code is the natural key);
- ``invitations`` — invitations, answers, numbered letters, other agencies' confirmations;
- ``attendance`` — attendance per day and session for workshops AND courses, completion;
- ``evaluation`` — pre/post tests, satisfaction, the evaluation report;
- ``completion`` — completion certificates (the inquiry answers them through
  ``sync.certificate_answer``);
- ``plan`` — plan against actual per year and province;
- ``printing`` — every PDF of the package (and the print audit).

No Qt anywhere here; every public function runs on any thread (one short session each).
"""
