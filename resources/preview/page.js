// The preview page is loaded once; the app patches #content on every render.
// Messages to the app go through console.info with a "notedesk:" prefix
// (the app reads them in javaScriptConsoleMessage); note content never runs script.
"use strict";
(function () {
  const send = (kind, payload) => console.info("notedesk:" + kind + ":" + JSON.stringify(payload));
  let suppressScrollReport = false;

  function blockAtTop() {
    const blocks = document.querySelectorAll("#content [data-line]");
    let best = null;
    for (const el of blocks) {
      const rect = el.getBoundingClientRect();
      if (rect.bottom > 0) { best = el; break; }
    }
    return best ? parseInt(best.dataset.line, 10) : 0;
  }

  function scrollToLine(line) {
    const blocks = document.querySelectorAll("#content [data-line]");
    let target = null;
    for (const el of blocks) {
      if (parseInt(el.dataset.line, 10) <= line) target = el; else break;
    }
    suppressScrollReport = true;
    if (target) target.scrollIntoView({ block: "start" });
    else window.scrollTo(0, 0);
    setTimeout(() => { suppressScrollReport = false; }, 50);
  }

  function scrollToFragment(fragment) {
    if (!fragment) return;
    const el = document.getElementById(fragment) || document.querySelector(`[data-block-id="${CSS.escape(fragment.replace(/^\^/, ""))}"]`);
    if (el) { el.scrollIntoView({ block: "start" }); el.classList.add("is-flashing"); setTimeout(() => el.classList.remove("is-flashing"), 1200); }
  }

  function update(html, version) {
    const content = document.getElementById("content");
    const y = window.scrollY;
    content.innerHTML = html;
    window.scrollTo(0, y);
    if (window.mermaid && content.querySelector("pre.mermaid")) {
      try { window.mermaid.run({ querySelector: "#content pre.mermaid" }); } catch (e) { /* diagram errors show in place */ }
    }
    document.body.dataset.version = String(version);
    return version;
  }

  function setTheme(theme) {
    document.body.classList.remove("theme-light", "theme-dark");
    document.body.classList.add("theme-" + theme);
  }

  document.addEventListener("click", (ev) => {
    const box = ev.target.closest("input.task-list-item-checkbox");
    if (box) {
      ev.preventDefault();
      const item = box.closest("[data-line]");
      if (item) send("task", { line: parseInt(item.dataset.line, 10) });
      return;
    }
    const a = ev.target.closest("a[href]");
    if (!a) return;
    const href = a.getAttribute("href");
    if (href.startsWith("#")) { ev.preventDefault(); scrollToFragment(decodeURIComponent(href.slice(1))); return; }
    ev.preventDefault();
    send("link", { href: href, ctrl: ev.ctrlKey || ev.metaKey || ev.button === 1 });
  }, true);
  document.addEventListener("auxclick", (ev) => {
    const a = ev.target.closest("a[href]");
    if (a && ev.button === 1) { ev.preventDefault(); send("link", { href: a.getAttribute("href"), ctrl: true }); }
  }, true);

  let hoverTimer = null;
  document.addEventListener("mouseover", (ev) => {
    const a = ev.target.closest("a.internal-link");
    clearTimeout(hoverTimer);
    if (!a) return;
    hoverTimer = setTimeout(() => {
      const r = a.getBoundingClientRect();
      send("hover", { href: a.getAttribute("href"), x: r.left, y: r.bottom });
    }, 600);
  });
  document.addEventListener("mouseout", () => clearTimeout(hoverTimer));

  let scrollTimer = null;
  window.addEventListener("scroll", () => {
    if (suppressScrollReport) return;
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => send("scroll", { line: blockAtTop() }), 30);
  });

  window.notedesk = { update, scrollToLine, scrollToFragment, setTheme, blockAtTop };
  document.addEventListener("DOMContentLoaded", () => send("ready", {}));
})();
