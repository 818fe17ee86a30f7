"""Grading: from one notebook file to its result, and from a folder of them to a class's results.

* ``submission`` -- one submission end to end (``grade_file``);
* ``batch``, ``processes``, ``cache`` -- many submissions, each in a process of its own, cached;
* ``options`` -- where the material is and every limit (``GradeOptions``);
* ``kernel``, ``kernel_channels``, ``execution`` -- the sandboxed kernel and running the notebook in it;
* ``kernel_client`` -- the grader's side of the app session in the kernel (its server is
  ``runtime.kernel_server``);
* ``hidden`` -- the hidden tests, run by pytest in the grader against that session;
* ``quality`` -- the learner's own tests, scored by the planted bugs they catch;
* ``aio`` -- running the async parts from synchronous code;
* ``stages`` -- where a grade's time goes, recorded only for the benchmark.
"""
