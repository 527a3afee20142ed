// graphintro web app: the few behaviours that need a script. Served by graphintro itself, allowed by
// the page's Content-Security-Policy (script-src 'self'); data only ever enters the page as text.
"use strict";

function suggest(input) {
  const list = document.getElementById("suggestions");
  let timer = null;
  let last = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim();
      if (query === last) return;
      last = query;
      if (query.length < 2) { list.hidden = true; return; }
      const response = await fetch(input.dataset.suggest + "?q=" + encodeURIComponent(query),
                                   { credentials: "same-origin" });
      if (!response.ok || input.value.trim() !== query) return;
      const found = await response.json();
      list.replaceChildren();
      const add = (text, href, className) => {
        const item = document.createElement("li");
        if (className) item.className = className;
        if (href) {
          const link = document.createElement("a");
          link.href = href;
          link.textContent = text;
          item.appendChild(link);
        } else {
          item.textContent = text;
        }
        list.appendChild(item);
      };
      for (const person of found.people) {
        const job = [person.position, person.company].filter(Boolean).join(", ");
        add(person.name + (job ? " — " + job : ""), "/person/" + encodeURIComponent(person.id));
      }
      for (const company of found.companies) {
        add(company.company + " (" + company.people + ")",
            "/path?from=team&company=" + encodeURIComponent(company.company), "company");
      }
      list.hidden = list.children.length === 0;
    }, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") list.hidden = true;
  });
}

function copyButtons() {
  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch (error) {
        document.execCommand("copy");
      }
      button.textContent = button.dataset.done;
    });
  }
}

function dropZone() {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  if (!zone || !input) return;
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    input.files = event.dataTransfer.files;
  });
}

function importProgress() {
  const job = document.getElementById("job");
  if (!job || (job.dataset.status !== "running" && job.dataset.status !== "queued")) return;
  const poll = async () => {
    const response = await fetch(job.dataset.poll, { credentials: "same-origin" });
    if (response.ok) {
      const state = await response.json();
      if (state.status === "done" || state.status === "failed") { window.location.reload(); return; }
      const bar = job.querySelector("progress");
      if (bar && state.total) { bar.max = state.total; bar.value = state.done; }
    }
    setTimeout(poll, 400);
  };
  setTimeout(poll, 300);
}

document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("q");
  if (input) suggest(input);
  copyButtons();
  dropZone();
  importProgress();
});
