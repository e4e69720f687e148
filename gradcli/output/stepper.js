// gradcli's step-through page: plain JavaScript, no framework, nothing loaded.
// The steps are JSON data in #gradcli-steps; every number in the SVG has data-step,
// the first step at which it is shown. A number not reached yet is display:none.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gradcli-steps").textContent);
  var steps = data.steps;
  var last = steps.length - 1;
  var current = -1;
  var numbers = Array.prototype.slice.call(document.querySelectorAll("svg [data-step]"));
  var byId = function (id) { return document.getElementById(id); };
  var form = byId("predict");
  var verdict = byId("verdict");
  var solved = {};  // predict mode: steps whose numbers were predicted or shown

  function fromFragment() {
    var m = /^#step=(\d+|end)$/.exec(window.location.hash);
    if (!m) { return 0; }
    return m[1] === "end" ? last : Math.min(parseInt(m[1], 10), last);
  }

  function show(n) {
    n = Math.max(0, Math.min(n, last));
    current = n;
    numbers.forEach(function (el) {
      el.style.display = parseInt(el.getAttribute("data-step"), 10) <= n ? "" : "none";
    });
    document.querySelectorAll("svg .current").forEach(function (el) {
      el.classList.remove("current");
    });
    var step = steps[n];
    if (step.node !== null) {
      var gate = byId("node-" + step.node);
      if (gate) { gate.classList.add("current"); }
    }
    var caption = byId("caption");
    caption.textContent = "";
    step.caption.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      caption.appendChild(p);
    });
    byId("counter").textContent = "Step " + n + " of " + last + " (" + step.kind + ")";
    byId("back").disabled = n === 0;
    byId("first").disabled = n === 0;
    byId("next").disabled = n === last;
    byId("last").disabled = n === last;
    var fragment = "#step=" + n;
    if (window.location.hash !== fragment) {
      history.replaceState(null, "", fragment);
    }
    ask(n + 1);
  }

  // Predict mode: before step n is shown, its numbers are asked.
  function ask(n) {
    if (!data.predict) { return; }
    var questions = n <= last && !solved[n] ? steps[n].questions : [];
    form.hidden = questions.length === 0;
    var box = byId("questions");
    box.textContent = "";
    questions.forEach(function (q, k) {
      var label = document.createElement("label");
      label.textContent = "Predict the " + q.label + ": ";
      var input = document.createElement("input");
      input.type = "text";
      input.inputMode = "decimal";
      input.id = "answer-" + k;
      input.setAttribute("aria-label", q.label);
      label.appendChild(input);
      box.appendChild(label);
    });
    var first = byId("answer-0");
    if (first && document.activeElement && document.activeElement.tagName === "INPUT") {
      first.focus();
    }
  }

  function readNumber(text) {
    var t = text.trim().replace("\u2212", "-");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) { return null; }
    return parseFloat(t);
  }

  // The worksheet diagnosis, precomputed: the first catalogued slip whose number this is.
  function named(q, a) {
    for (var k = 0; k < q.mistakes.length; k += 1) {
      var m = q.mistakes[k];
      if (Math.abs(a - m.number) <= m.slack * (1 + 1e-9)) { return m.hint; }
    }
    return q.otherwise;
  }

  function check(event) {
    event.preventDefault();
    var n = current + 1;
    var wrong = [];
    steps[n].questions.forEach(function (q, k) {
      var text = byId("answer-" + k).value;
      var a = readNumber(text);
      if (a === null) {
        wrong.push(q.label + ": \u201c" + text + "\u201d is not a number");
      } else if (!(Math.abs(a - q.truth) <= q.slack * (1 + 1e-9))) {
        wrong.push(q.label + ": not " + text.trim() + " (" + named(q, a) + ")");
      }
    });
    if (wrong.length) {
      verdict.className = "wrong";
      verdict.textContent = "\u2717 Wrong. " + wrong.join("; ") + ". Try again, or Show me.";
      return;
    }
    solved[n] = true;
    verdict.className = "right";
    verdict.textContent = "\u2713 Right (" + data.tolerance + ").";
    show(n);
  }

  function reveal() {
    solved[current + 1] = true;
    verdict.className = "";
    verdict.textContent = "";
    show(current + 1);
  }

  function step(n) {
    if (n > current) { solved[n] = true; }
    verdict.textContent = "";
    show(n);
  }

  function hover(gate) {
    var lines = data.hover[gate.id.replace("node-", "")];
    if (!lines) { return; }
    var info = byId("info");
    info.textContent = "";
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      info.appendChild(p);
    });
  }

  document.querySelectorAll("svg .gate").forEach(function (gate) {
    gate.setAttribute("tabindex", "0");
    gate.setAttribute("role", "button");
    gate.setAttribute("aria-label", "gate " + gate.getAttribute("data-node"));
    gate.addEventListener("mouseenter", function () { hover(gate); });
    gate.addEventListener("focus", function () { hover(gate); });
  });
  byId("first").addEventListener("click", function () { step(0); });
  byId("back").addEventListener("click", function () { step(current - 1); });
  byId("next").addEventListener("click", function () { step(current + 1); });
  byId("last").addEventListener("click", function () { step(last); });
  form.addEventListener("submit", check);
  byId("reveal").addEventListener("click", reveal);
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT" || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var keys = {ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last};
    if (Object.prototype.hasOwnProperty.call(keys, event.key)) {
      event.preventDefault();
      step(keys[event.key]);
    }
  });
  window.addEventListener("hashchange", function () { show(fromFragment()); });
  show(fromFragment());
}());
