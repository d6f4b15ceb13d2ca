// brief's published site: copy buttons for citations and the index's filters. Progressive:
// without JavaScript the citations can be selected and every brief is listed.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("copy-status");
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const label = button.firstChild.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById(button.dataset.copy));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      button.firstChild.textContent = button.dataset.done;
      if (status) status.textContent = button.dataset.done;
      setTimeout(() => { button.firstChild.textContent = label; }, 2000);
    });
  }
  const form = document.querySelector("form.filters");
  if (!form || !form.querySelector("select")) return;
  form.hidden = false;
  const items = [...document.querySelectorAll(".briefs > li")];
  const none = document.querySelector(".no-match");
  const apply = () => {
    const chosen = {};
    for (const select of form.querySelectorAll("select")) chosen[select.dataset.filter] = select.value;
    let shown = 0;
    for (const item of items) {
      const match = Object.entries(chosen).every(([key, value]) => !value || item.dataset[key] === value);
      item.hidden = !match;
      if (match) shown += 1;
    }
    if (none) none.hidden = shown > 0;
  };
  form.addEventListener("change", apply);
  apply();
});
