// Quizzes and learner progress for the course site.
// Plain script with no dependencies; it works from a web server and from the
// file system (the offline build), so it never fetches anything.
(() => {
  "use strict";

  const LESSONS = "lessons/";
  const EXERCISES = "exercises/";
  const MAX_IMPORT_BYTES = 1_000_000;

  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  // Material's base is "..", "../.." or, on the 404 page, "/": resolve it as a folder.
  const root = decodeURI(new URL((config.base || ".").replace(/\/?$/, "/"), location.href).pathname);
  // Several courses can share one origin (user.github.io/<project>/), so the key includes the site root.
  const storageKey = `course-progress:${root}`;

  // "lessons/01-why-test/" (served) and "lessons/01-why-test.html" (offline) name the same page.
  const pageKey = (url) =>
    decodeURI(new URL(url, location.href).pathname)
      .slice(root.length)
      .replace(/(index)?\.html$/, "")
      .replace(/\/$/, "");

  const isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
  // A lesson's optional "answers" keep each answered quiz as it was left:
  // { "<quiz id>": { chosen: ["2"], right: false } }, the chosen inputs' values
  // (the options' authoring numbers) and the verdict. Data saved before it existed has none.
  const isAnswer = (answer) =>
    isRecord(answer) && typeof answer.right === "boolean" && Array.isArray(answer.chosen) &&
    answer.chosen.length > 0 && answer.chosen.every((value) => typeof value === "string");
  // The optional "exercises" record opened exercise pages and the self-check score saved on
  // each: { "exercises/crud_api": { visited: true, score: "Course tests: 7 of 9 passed." } }.
  const isExercise = (exercise) =>
    isRecord(exercise) && typeof exercise.visited === "boolean" &&
    (exercise.score === undefined || typeof exercise.score === "string");
  const isProgress = (data) =>
    isRecord(data) && data.version === 1 && isRecord(data.lessons) &&
    (data.exercises === undefined || (isRecord(data.exercises) && Object.values(data.exercises).every(isExercise))) &&
    Object.values(data.lessons).every((lesson) =>
      isRecord(lesson) && typeof lesson.visited === "boolean" && isRecord(lesson.quizzes) &&
      Object.values(lesson.quizzes).every((passed) => typeof passed === "boolean") &&
      (lesson.answers === undefined || (isRecord(lesson.answers) && Object.values(lesson.answers).every(isAnswer))));

  const load = () => {
    try {
      const data = JSON.parse(localStorage.getItem(storageKey));
      if (isProgress(data)) return data;
    } catch {
      // Storage disabled or unreadable: start afresh rather than break the page.
    }
    return { version: 1, lessons: {} };
  };
  const save = (progress) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(progress));
    } catch {
      // Storage full or disabled: quizzes still work, progress is not kept.
    }
  };
  // Re-read before every write so another open tab's answers are not overwritten.
  const update = (change) => {
    const progress = load();
    change(progress);
    save(progress);
  };
  const lessonIn = (progress, key) => (progress.lessons[key] ||= { visited: true, quizzes: {} });
  const statusOf = (lesson) =>
    !lesson?.visited ? "new" : Object.values(lesson.quizzes).every(Boolean) ? "done" : "started";
  const STATUS_TEXT = { new: "Not started", started: "Started", done: "Completed" };

  const h = (tag, attributes = {}, ...children) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  };

  const here = pageKey(location.href);
  const isLesson = here.startsWith(LESSONS);
  const isExercisePage = here.startsWith(EXERCISES);
  const quizzes = [...document.querySelectorAll("form.quiz")];

  // --- navigation ticks -------------------------------------------------------
  const navLinks = () =>
    [...document.querySelectorAll(".md-nav--primary a.md-nav__link[href]")]
      .filter((link) => !new URL(link.href).hash);

  const markNavigation = () => {
    const progress = load();
    for (const link of navLinks()) {
      const status = statusOf(progress.lessons[pageKey(link.href)]);
      link.querySelector(".course-mark")?.remove();
      link.dataset.progress = status;
      if (status !== "new") {
        link.append(h("span", { class: "course-mark" },
          h("span", { "aria-hidden": "true" }, status === "done" ? "✓" : "•"),
          h("span", { class: "course-sr" }, `, ${STATUS_TEXT[status].toLowerCase()}`)));
      }
    }
  };

  // --- quizzes ----------------------------------------------------------------
  const verdict = (form, options) => {
    const chosen = options.filter((option) => option.input.checked);
    if (!chosen.length) return { done: false, text: "Choose an answer first." };
    const right = options.every((option) => option.correct === option.input.checked);
    if (right) return { done: true, right, text: "Correct! The explanations under the options say why." };
    if (form.dataset.quizType !== "multiple") {
      return { done: true, right, text: "Not quite. Read the explanation under your answer, then try again." };
    }
    const found = chosen.filter((option) => option.correct).length;
    const total = options.filter((option) => option.correct).length;
    const wrong = chosen.length - found;
    return {
      done: true,
      right,
      text: `Not quite: you chose ${found} of the ${total} correct answers` +
        (wrong ? ` and ${wrong} wrong ${wrong === 1 ? "one" : "ones"}` : "") +
        ". Read the explanations, then try again.",
    };
  };

  const setUpQuiz = (form) => {
    const [check, retry] = form.querySelectorAll(".quiz-actions button");
    const result = form.querySelector(".quiz-result");
    const options = [...form.querySelectorAll(".quiz-option")].map((element) => ({
      element,
      input: element.querySelector("input"),
      correct: element.hasAttribute("data-correct"),
    }));
    const id = form.dataset.quizId;
    form.classList.add("quiz--js");
    form.querySelector(".quiz-reveal").hidden = true;
    check.hidden = false;

    // Show the verdict and the explanations for the options now checked.
    const showAnswer = () => {
      const outcome = verdict(form, options);
      result.textContent = outcome.text;
      if (!outcome.done) return outcome;
      for (const option of options) {
        option.element.classList.toggle("quiz-option--chosen", option.input.checked);
      }
      form.classList.add("quiz--answered");
      form.classList.toggle("quiz--right", outcome.right);
      retry.hidden = false;
      return outcome;
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const outcome = showAnswer();
      if (!outcome.done || !isLesson) return;
      const chosen = options.filter((option) => option.input.checked).map((option) => option.input.value);
      update((progress) => {
        const lesson = lessonIn(progress, here);
        if (outcome.right) lesson.quizzes[id] = true;
        (lesson.answers ||= {})[id] = { chosen, right: outcome.right };
      });
      if (outcome.right) markNavigation();
    });

    retry.addEventListener("click", () => {
      form.reset();
      form.classList.remove("quiz--answered", "quiz--right");
      for (const option of options) option.element.classList.remove("quiz-option--chosen");
      result.textContent = "";
      retry.hidden = true;
      if (isLesson) update((progress) => { delete progress.lessons[here]?.answers?.[id]; });
      options[0].input.focus();
    });

    // A return visit shows the quiz as it was left, if its options still match.
    const saved = isLesson ? load().lessons[here]?.answers?.[id] : undefined;
    const values = options.map((option) => option.input.value);
    if (saved && saved.chosen.every((value) => values.includes(value)) &&
        (form.dataset.quizType === "multiple" || saved.chosen.length === 1)) {
      for (const option of options) option.input.checked = saved.chosen.includes(option.input.value);
      showAnswer();
    }
  };

  // --- progress page ----------------------------------------------------------
  const pagesInNavigation = (prefix) => {
    const lessons = new Map();
    for (const link of navLinks()) {
      const key = pageKey(link.href);
      if (key.startsWith(prefix) && !lessons.has(key)) {
        const title = link.querySelector(".md-ellipsis") || link;
        lessons.set(key, { href: link.href, title: title.textContent.trim() });
      }
    }
    return lessons;
  };

  const progressTable = () => {
    const progress = load();
    const lessons = pagesInNavigation(LESSONS);
    let completed = 0;
    const rows = [...lessons].map(([key, { href, title }]) => {
      const lesson = progress.lessons[key];
      const status = statusOf(lesson);
      if (status === "done") completed += 1;
      const answers = lesson ? Object.values(lesson.quizzes) : [];
      const quizText = !lesson ? "–" : answers.length
        ? `${answers.filter(Boolean).length} of ${answers.length}` : "No quiz yet";
      return h("tr", { "data-lesson": key, "data-status": status },
        h("td", {}, h("a", { href }, title)), h("td", {}, quizText), h("td", {}, STATUS_TEXT[status]));
    });
    return [
      h("p", { class: "course-summary" }, `You have completed ${completed} of ${lessons.size} lessons.`),
      h("table", {},
        h("caption", { class: "course-sr" }, "Progress per lesson"),
        h("thead", {}, h("tr", {},
          ...["Lesson", "Quizzes answered correctly", "Status"].map((text) => h("th", { scope: "col" }, text)))),
        h("tbody", {}, ...rows)),
      ...exerciseTable(progress),
    ];
  };

  const exerciseTable = (progress) => {
    const exercises = pagesInNavigation(EXERCISES);
    if (!exercises.size) return [];
    const rows = [...exercises].map(([key, { href, title }]) => {
      const exercise = progress.exercises?.[key];
      return h("tr", { "data-exercise": key },
        h("td", {}, h("a", { href }, title)),
        h("td", {}, exercise?.visited ? "Opened" : "Not opened"),
        h("td", {}, exercise?.score ?? "–"));
    });
    return [
      h("h2", { id: "course-exercises" }, "Exercises"),
      h("table", { class: "course-exercise-table" },
        h("caption", { class: "course-sr" }, "Progress per exercise"),
        h("thead", {}, h("tr", {},
          ...["Exercise", "Opened", "Saved self-check score"].map((text) => h("th", { scope: "col" }, text)))),
        h("tbody", {}, ...rows)),
    ];
  };

  // --- self-check score on exercise pages ------------------------------------------
  // check() ends its table with "Course tests: P of T passed." and, once the learner has
  // tests, "Your tests: P of T passed." (autograder/selfcheck, _summary).
  // The console may wrap the line anywhere, so any run of white space stands for a space.
  const SCORE = /Course\s+tests:\s+(\d+)\s+of\s+(\d+)\s+passed\.(?:\s+Your\s+tests:\s+(\d+)\s+of\s+(\d+)\s+passed\.)?/;
  const parseScore = (text) => {
    const match = SCORE.exec(text);
    if (!match || +match[1] > +match[2] || (match[3] && +match[3] > +match[4])) return null;
    return match[0].replace(/\s+/g, " ");
  };

  const setUpSelfCheck = (box) => {
    const input = h("input", { type: "text", id: "course-score", name: "score", autocomplete: "off", size: "60" });
    const message = h("p", { class: "course-score-message", role: "status", "aria-live": "polite" });
    const saved = h("p", { class: "course-score-saved" });
    const show = () => {
      const score = load().exercises?.[here]?.score;
      saved.textContent = score ? `Saved score: ${score}` : "No score saved yet.";
    };
    const form = h("form", { class: "course-score-form" },
      h("label", { for: "course-score" }, "Paste the last lines check() printed: "), input,
      h("button", { type: "submit", class: "md-button" }, "Save score"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const score = parseScore(input.value);
      if (!score) {
        message.textContent =
          "That is not a score from check(). Paste the line that starts with \"Course tests:\", as check() printed it.";
        return;
      }
      update((progress) => {
        const exercise = ((progress.exercises ||= {})[here] ||= { visited: true });
        exercise.score = score;
      });
      message.textContent = "Score saved.";
      show();
    });
    box.replaceChildren(form, saved, message);
    show();
  };

  const exportProgress = () => {
    const blob = new Blob([JSON.stringify(load(), null, 2)], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob), download: "course-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    // Some browsers read the blob after click() returns, so free it later.
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  };

  const importProgress = async (file) => {
    if (file.size > MAX_IMPORT_BYTES) return "That file is too large to be a progress export. Nothing was changed.";
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      data = undefined;
    }
    if (!isProgress(data)) return "That file is not a progress export from this course. Nothing was changed.";
    save(data);
    return "Progress imported.";
  };

  const setUpProgressPage = (box) => {
    const table = h("div", { class: "course-progress-table" });
    const message = h("p", { class: "course-progress-message", role: "status", "aria-live": "polite" });
    const refresh = (text) => {
      table.replaceChildren(...progressTable());
      markNavigation();
      if (text) message.textContent = text;
    };
    const exportButton = h("button", { type: "button", class: "md-button" }, "Export progress");
    const resetButton = h("button", { type: "button", class: "md-button" }, "Reset progress");
    const importInput = h("input", { type: "file", id: "course-import", accept: ".json,application/json" });
    exportButton.addEventListener("click", () => {
      exportProgress();
      message.textContent = "Progress exported to course-progress.json.";
    });
    importInput.addEventListener("change", async () => {
      const [file] = importInput.files;
      if (file) refresh(await importProgress(file));
      importInput.value = "";
    });
    resetButton.addEventListener("click", () => {
      if (!confirm("Delete all your progress in this course? Export it first if you may want it back.")) return;
      try {
        localStorage.removeItem(storageKey);
      } catch {
        // Storage disabled: there is nothing stored to remove.
      }
      refresh("Progress reset.");
    });
    box.replaceChildren(
      table,
      h("div", { class: "course-progress-actions" },
        exportButton, resetButton,
        h("label", { for: "course-import" }, "Import progress from a file: "), importInput),
      message);
    refresh();
  };

  // --- start --------------------------------------------------------------------
  // Material's search dialog has no accessible name (axe-core: aria-dialog-name).
  document.querySelector(".md-search[role='dialog']")?.setAttribute("aria-label", "Search");
  if (isLesson) {
    update((progress) => {
      const lesson = lessonIn(progress, here);
      lesson.visited = true;
      const ids = quizzes.map((form) => form.dataset.quizId);
      for (const id of ids) lesson.quizzes[id] ??= false;
      // A quiz removed from the lesson since the last visit no longer counts.
      for (const id of Object.keys(lesson.quizzes)) if (!ids.includes(id)) delete lesson.quizzes[id];
      for (const id of Object.keys(lesson.answers || {})) if (!ids.includes(id)) delete lesson.answers[id];
    });
  }
  if (isExercisePage) {
    update((progress) => { ((progress.exercises ||= {})[here] ||= { visited: true }).visited = true; });
    document.querySelectorAll(".course-selfcheck").forEach(setUpSelfCheck);
  }
  quizzes.forEach(setUpQuiz);
  const progressBox = document.getElementById("course-progress");
  if (progressBox) setUpProgressPage(progressBox);
  else markNavigation();
})();
