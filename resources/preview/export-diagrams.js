// Draws the mermaid diagrams of a page exported by `notedesk export`, with the mermaid
// bundled into the app and copied beside this file. Loaded only by pages with a diagram;
// note content never runs script (it is sanitised), and mermaid's strict mode keeps
// diagram labels as text. Without mermaid the diagram's source and a notice stay.
"use strict";
(function () {
  const mermaid = window.mermaid;
  if (!mermaid) return;
  const body = document.body;
  const dark = body.classList.contains("theme-dark") ||
    (!body.classList.contains("theme-light") && window.matchMedia("(prefers-color-scheme: dark)").matches);
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  mermaid.run({ querySelector: "pre.mermaid" }).catch(() => { /* errors show in place */ });
})();
