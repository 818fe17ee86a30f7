"""What the course hands out: zips built from the repository, never with more than they need.

* ``learner`` -- the learners' bundle: starter notebooks, public tests and the self-check;
* ``gradescope`` -- one exercise's autograder for Gradescope;
* ``lesson_links`` -- the notebooks' links to the lessons, pointed at the published or an offline site;
* ``pins``, ``zipping``, ``suite_toml`` -- pinned requirements, reproducible zips, the learner's ``suite.toml``.
"""
