// bantin serve: live reload and the build-error overlay. Injected by the preview server
// into the HTML it serves; never part of `bantin build` output.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-bantin-version") : null;
  var overlay = null;

  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "bantin-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:rgba(24,24,27,.96);color:#fecaca;font:14px/1.5 ui-monospace,monospace;";
      var title = document.createElement("h2");
      title.textContent = "bantin: the site could not be rebuilt (showing the last good version)";
      title.style.cssText = "margin:0 0 1rem;color:#fff;font:600 16px/1.4 system-ui,sans-serif;";
      var pre = document.createElement("pre");
      pre.id = "bantin-overlay-errors";
      pre.style.cssText = "margin:0;white-space:pre-wrap;";
      overlay.appendChild(title);
      overlay.appendChild(pre);
    }
    // textContent, never innerHTML: messages quote the author's text.
    overlay.lastChild.textContent = lines.join("\n");
    if (!overlay.parentNode) {
      document.documentElement.appendChild(overlay);
    }
  }

  function hideErrors() {
    if (overlay && overlay.parentNode) {
      overlay.parentNode.removeChild(overlay);
    }
  }

  function swapStylesheets(tag) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("bantin", tag);
      links[i].href = url.toString();
    }
  }

  // EventSource reconnects by itself after the server restarts; `hello` then tells
  // whether the site changed meanwhile.
  var source = new EventSource("/__bantin/events");
  source.addEventListener("hello", function (e) {
    if (version !== null && e.data !== version) {
      location.reload();
      return;
    }
    version = e.data;
  });
  source.addEventListener("reload", function () {
    location.reload();
  });
  source.addEventListener("css", function (e) {
    version = e.data;
    hideErrors();
    swapStylesheets(e.data);
  });
  source.addEventListener("errors", function (e) {
    var lines = [];
    try {
      lines = JSON.parse(e.data);
    } catch (err) {
      lines = [String(e.data)];
    }
    if (lines.length) {
      showErrors(lines);
    } else {
      hideErrors();
    }
  });
})();
