"""Grader formats: ``check --format gradescope|prairielearn|junit|tap`` (and with ``--cases``).

Each renderer is a pure function of a list of ``GradedItem`` (graded.py): name, points earned,
max_points, passed, status, message, visibility, tags. Anything that grades can be shown on
these platforms by making such items: ``items_from_report`` (one ``check``: an item per
answer), ``items_from_cases`` (a batch: an item per case, partial credit by its checks),
``items_from_worksheet`` (``check --worksheet``: an item per number).
"""
