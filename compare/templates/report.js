(function () {
  "use strict";
  // Plain DOM filtering: no network, no eval, no HTML built from strings.
  document.documentElement.classList.add("js");
  function byId(id) { return document.getElementById(id); }
  function words(el, name) { return (el.getAttribute(name) || "").split(" "); }

  var verdict = byId("f-verdict"), kind = byId("f-kind"), source = byId("f-source"), text = byId("f-text");
  var counter = byId("f-count"), none = byId("f-none"), reset = byId("f-reset");
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-card]"));
  var haystack = cards.map(function (card) { return (card.textContent || "").toLowerCase(); });

  function applyEvents() {
    var v = verdict ? verdict.value : "", k = kind ? kind.value : "", s = source ? source.value : "";
    var t = text ? text.value.trim().toLowerCase() : "";
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = (!v || words(card, "data-verdicts").indexOf(v) >= 0) &&
        (!k || words(card, "data-kinds").indexOf(k) >= 0) &&
        (!s || words(card, "data-sources").indexOf(s) >= 0) &&
        (!t || haystack[i].indexOf(t) >= 0);
      card.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
    });
    if (counter) { counter.textContent = shown + " of " + cards.length + " events shown"; }
    if (none) { none.classList.toggle("hidden", shown > 0 || cards.length === 0); }
  }

  // Initial filters from the query string, so a filtered view can be shared as a link:
  // report.html?verdict=diverge&kind=number&source=ID&q=word&status=contested
  var params = {};
  window.location.search.replace(/^\?/, "").split("&").forEach(function (pair) {
    var i = pair.indexOf("=");
    if (i > 0) {
      try { params[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " ")); }
      catch (e) { /* a malformed escape: ignore that parameter */ }
    }
  });
  function preset(control, name) {
    if (!control || !Object.prototype.hasOwnProperty.call(params, name)) { return; }
    if (control.tagName === "SELECT") {
      Array.prototype.forEach.call(control.options, function (o) { if (o.value === params[name]) { control.value = o.value; } });
    } else {
      control.value = params[name];
    }
  }
  preset(verdict, "verdict"); preset(kind, "kind"); preset(source, "source"); preset(text, "q");

  [verdict, kind, source].forEach(function (c) { if (c) { c.addEventListener("change", applyEvents); } });
  if (text) { text.addEventListener("input", applyEvents); }
  if (reset) {
    reset.addEventListener("click", function () {
      [verdict, kind, source, text].forEach(function (c) { if (c) { c.value = ""; } });
      applyEvents();
    });
  }
  applyEvents();

  // The focus view (--base): filter the source's claims by status.
  var status = byId("f-status"), statusCount = byId("f-status-count");
  var claims = Array.prototype.slice.call(document.querySelectorAll(".fclaim"));
  function applyStatus() {
    var want = status ? status.value : "", shown = 0;
    claims.forEach(function (li) {
      var ok = !want || li.getAttribute("data-status") === want;
      li.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
    });
    if (statusCount) { statusCount.textContent = shown + " of " + claims.length + " claims shown"; }
  }
  preset(status, "status");
  if (status) { status.addEventListener("change", applyStatus); applyStatus(); }
}());
