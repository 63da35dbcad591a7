// The panel: an arrow chosen (click, or Enter/Space on a focused one) shows its frame's
// explanation, fields and hex from the JSON embedded above. Only textContent is written,
// so no capture text is ever read as markup.
(function () {
  "use strict";
  var frames = JSON.parse(document.getElementById("frames").textContent);
  var title = document.getElementById("panel-title");
  var hint = document.getElementById("panel-hint");
  var body = document.getElementById("panel-body");
  var selected = null;

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (cls) { el.className = cls; }
    parent.appendChild(el);
    return el;
  }

  function list(heading, items) {
    if (!items || items.length === 0) { return; }
    add(body, "h3", heading);
    var ul = add(body, "ul");
    items.forEach(function (t) { add(ul, "li", t); });
  }

  function show(arrow) {
    var n = arrow.getAttribute("data-frame");
    var f = frames[n];
    if (!f) { return; }
    if (selected) { selected.classList.remove("selected"); }
    selected = arrow;
    arrow.classList.add("selected");
    title.textContent = f.title;
    hint.textContent = "";
    body.textContent = "";
    f.what.forEach(function (t) { add(body, "p", t, "what"); });
    list("states before \u2192 after", f.states);
    list("sequence numbers", f.numbers);
    list("notes", f.notes);
    add(body, "h3", "fields");
    add(body, "pre", f.fields.join("\n"), "fields");
    add(body, "h3", "bytes");
    add(body, "pre", f.hex, "hex");
  }

  document.querySelectorAll("[data-frame]").forEach(function (arrow) {
    arrow.addEventListener("click", function () { show(arrow); });
    arrow.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(arrow); }
    });
  });
})();
