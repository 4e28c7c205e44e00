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

  // Mermaid (bundled from the npm registry at install time, if it was available)
  // is loaded only when a note has a diagram: most notes never pay for it.
  let mermaidLoading = null;
  function loadMermaid() {
    if (window.mermaid) return Promise.resolve(window.mermaid);
    if (!mermaidLoading) {
      mermaidLoading = new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = "vault://app/vendor/mermaid.min.js";
        script.onload = () => resolve(window.mermaid || null);
        script.onerror = () => resolve(null);  // not bundled: the source and notice stay
        document.head.appendChild(script);
      });
    }
    return mermaidLoading;
  }

  function renderDiagrams() {
    if (!document.querySelector("#content pre.mermaid:not([data-processed])")) return;
    loadMermaid().then((mermaid) => {
      if (!mermaid) return;
      const dark = document.body.classList.contains("theme-dark");
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
      mermaid.run({ querySelector: "#content pre.mermaid:not([data-processed])" }).catch(() => { /* errors show in place */ });
    });
  }

  // The content as the app's blocks: blocks[i] holds the top-level nodes of block i,
  // so an edit replaces only its own block's nodes. null after a whole-HTML update.
  let blocks = null;

  function fragmentOf(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  // "shown" goes to the app once the new content was laid out and painted:
  // the frame after it is drawn (a hidden page paints nothing, so it reports at once).
  function shown(version) {
    renderDiagrams();
    document.body.dataset.version = String(version);
    if (document.visibilityState === "hidden") { send("shown", { version }); return; }
    requestAnimationFrame(() => setTimeout(() => send("shown", { version }), 0));
  }

  function update(html, version) {
    const content = document.getElementById("content");
    const y = window.scrollY;
    content.innerHTML = html;
    blocks = null;
    window.scrollTo(0, y);
    shown(version);
    return version;
  }

  function setBlocks(htmls, version) {
    const content = document.getElementById("content");
    const y = window.scrollY;
    const all = document.createDocumentFragment();
    blocks = htmls.map((html) => {
      const fragment = fragmentOf(html);
      const nodes = Array.from(fragment.childNodes);
      all.appendChild(fragment);
      return nodes;
    });
    content.replaceChildren(all);
    window.scrollTo(0, y);
    shown(version);
    return version;
  }

  function shiftLines(nodes, delta) {
    for (const node of nodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      if (node.hasAttribute("data-line")) node.dataset.line = String(parseInt(node.dataset.line, 10) + delta);
      for (const el of node.querySelectorAll("[data-line]")) el.dataset.line = String(parseInt(el.dataset.line, 10) + delta);
    }
  }

  // Blocks start..start+removed are replaced by htmls; the blocks after them moved by shift lines.
  function patch(start, removed, htmls, shift, version) {
    if (!blocks) { send("resync", { version }); return -1; }
    const content = document.getElementById("content");
    for (const nodes of blocks.slice(start, start + removed)) for (const node of nodes) node.remove();
    let before = null;
    for (let i = start + removed; i < blocks.length && !before; i++) before = blocks[i][0] || null;
    const added = htmls.map((html) => {
      const fragment = fragmentOf(html);
      const nodes = Array.from(fragment.childNodes);
      content.insertBefore(fragment, before);
      return nodes;
    });
    blocks.splice(start, removed, ...added);
    if (shift) for (let i = start + added.length; i < blocks.length; i++) shiftLines(blocks[i], shift);
    shown(version);
    return version;
  }

  function setTheme(theme) {
    document.body.classList.remove("theme-light", "theme-dark");
    document.body.classList.add("theme-" + theme);
    // Native scrollbars and form controls follow the root element's scheme.
    document.documentElement.style.colorScheme = theme;
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

  window.notedesk = { update, setBlocks, patch, scrollToLine, scrollToFragment, setTheme, blockAtTop };
  document.addEventListener("DOMContentLoaded", () => send("ready", {}));
})();
