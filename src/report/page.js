// The panel: an arrow chosen (click, or Enter/Space on a focused one) shows its frame's
// explanation, fields and hex from the JSON embedded above. Only textContent is written,
// so no capture text is ever read as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("frames").textContent);
  var frames = data.frames;
  // Notes on the whole conversation, shown after each of its packets' own.
  var shared = data.conversations;
  // The panel's headings, in the page's language.
  var labels = data.labels;
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

  // The bytes as the TUI's hex pane shows them: offset, 16 bytes, their ASCII ('.' for
  // the others).
  function dump(hex) {
    var lines = [];
    for (var at = 0; at < hex.length; at += 32) {
      var chunk = hex.slice(at, at + 32);
      var bytes = [], text = "";
      for (var i = 0; i < chunk.length; i += 2) {
        var b = parseInt(chunk.slice(i, i + 2), 16);
        bytes.push(chunk.slice(i, i + 2));
        text += (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : ".";
      }
      var offset = ("000" + (at / 2).toString(16)).slice(-4);
      var hexes = bytes.join(" ");
      while (hexes.length < 16 * 3) { hexes += " "; }
      lines.push(offset + "  " + hexes + " " + text);
    }
    return lines.join("\n");
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
    list(labels.states, f.states);
    list(labels.numbers, f.numbers);
    list(labels.notes, f.notes.concat(shared[f.conv] || []));
    // The packet's layers, folded: the TCP/IP model's rows, the nesting line and, for a
    // loopback or lab packet, the sender's out layers and the receiver's in layers.
    var layers = add(body, "details", undefined, "layers");
    add(layers, "summary", labels.layers);
    add(layers, "pre", f.layers.join("\n"));
    add(body, "h3", labels.fields);
    add(body, "pre", f.fields.join("\n"), "fields");
    add(body, "h3", labels.bytes);
    add(body, "pre", dump(f.bytes), "hex");
  }

  // Zoom on drag in a time-sequence graph: the rectangle dragged becomes the view;
  // a double click shows the whole graph again.
  function zoomable(svg) {
    var whole = svg.getAttribute("viewBox");
    var start = null, box = null;
    function at(e) {
      var p = svg.createSVGPoint();
      p.x = e.clientX;
      p.y = e.clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse());
    }
    svg.addEventListener("mousedown", function (e) {
      if (e.button !== 0) { return; }
      e.preventDefault();
      start = at(e);
      box = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      box.setAttribute("class", "zoombox");
      svg.appendChild(box);
    });
    svg.addEventListener("mousemove", function (e) {
      if (!start) { return; }
      var p = at(e);
      box.setAttribute("x", Math.min(p.x, start.x));
      box.setAttribute("y", Math.min(p.y, start.y));
      box.setAttribute("width", Math.abs(p.x - start.x));
      box.setAttribute("height", Math.abs(p.y - start.y));
    });
    window.addEventListener("mouseup", function (e) {
      if (!start) { return; }
      var p = at(e);
      var w = Math.abs(p.x - start.x), h = Math.abs(p.y - start.y);
      if (w > 4 && h > 4) {
        svg.setAttribute("viewBox", [Math.min(p.x, start.x), Math.min(p.y, start.y), w, h].join(" "));
      }
      svg.removeChild(box);
      start = box = null;
    });
    svg.addEventListener("dblclick", function () { svg.setAttribute("viewBox", whole); });
  }
  document.querySelectorAll("svg.tsg").forEach(zoomable);

  document.querySelectorAll("[data-frame]").forEach(function (arrow) {
    arrow.addEventListener("click", function () { show(arrow); });
    arrow.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(arrow); }
    });
  });
})();
