(function () {
  var form = document.querySelector("[data-casebook-palette]");
  var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input")) : [];
  if (!inputs.length) return;
  var light = matchMedia("(prefers-color-scheme: light)");
  var body = document.body;

  function chosen() {
    try { return __md_get("__palette"); } catch (e) { return null; }
  }

  // "Follow the system" takes the colours of the option for the system's setting.
  function option(index) {
    index = Math.max(0, Math.min(index, inputs.length - 1));
    var input = inputs[index];
    var color = {};
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      color[key] = input.getAttribute("data-md-color-" + key);
    });
    var system = color.media === "(prefers-color-scheme)" && document.querySelector(light.matches
      ? "[data-md-color-media='(prefers-color-scheme: light)']"
      : "[data-md-color-media='(prefers-color-scheme: dark)']");
    if (system) {
      ["scheme", "primary", "accent"].forEach(function (key) {
        color[key] = system.getAttribute("data-md-color-" + key);
      });
    }
    return { index: index, color: color };
  }

  // The reader's choice, else the first option whose media query matches.
  function shown() {
    var saved = chosen();
    return option(saved && typeof saved.index === "number" ? saved.index
      : inputs.findIndex(function (input) {
        return matchMedia(input.getAttribute("data-md-color-media")).matches;
      }));
  }

  var colorScheme = document.createElement("meta");
  colorScheme.name = "color-scheme";
  document.head.append(colorScheme);

  var current;
  function apply(next) {
    current = next;
    for (var key in next.color) body.setAttribute("data-md-color-" + key, next.color[key]);
    inputs.forEach(function (input, index) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = index !== next.index;
    });
    // Checked: the toggle shown leads to another option.
    inputs[next.index].checked = true;
    colorScheme.content = next.color.scheme === "slate" ? "dark" : "light";
  }

  function change(next) {
    body.setAttribute("data-md-color-switching", "");
    apply(next);
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  }

  apply(shown());
  inputs.forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.checked) return;
      var next = option(inputs.indexOf(input));
      change(next);
      try { __md_set("__palette", next); } catch (e) { /* storage blocked */ }
    });
  });
  // Enter or Space: the radio in focus is the checked one, which Space leaves as it is.
  form.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    ev.preventDefault();
    var next = inputs[(current.index + 1) % inputs.length];
    next.click();
    next.focus();
  });
  var follow = function () {
    var saved = chosen();
    if (!saved || (saved.color && saved.color.media === "(prefers-color-scheme)")) change(shown());
  };
  if (light.addEventListener) light.addEventListener("change", follow);
  else light.addListener(follow);
})();
