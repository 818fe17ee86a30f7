"""What instructors and learners read, every one of them made from ``autograder.result.Result``.

* ``feedback`` -- one HTML page per submission, for its learner;
* ``class_report`` -- one HTML page for the class;
* ``gradebook`` -- a CSV of scores;
* ``templating``, ``text`` -- the shared page layout and the sentences and cuts every output uses.
"""
