// Progressive enhancement only: every form works without this file.
document.documentElement.classList.add("js");

// Show the data-breach fields only when the category is a data leak.
function syncBreachFields() {
  const category = document.querySelector("select[name=category]");
  if (!category) return;
  const show = category.value === "data_breach";
  document.querySelectorAll(".breach-only").forEach((el) => { el.hidden = !show; });
}

// Live countdowns: <span class="countdown" data-due="ISO">…</span>.
function tickCountdowns() {
  document.querySelectorAll(".countdown[data-due]").forEach((el) => {
    const ms = Date.parse(el.dataset.due) - Date.now();
    const past = ms < 0;
    const total = Math.floor(Math.abs(ms) / 60000);
    const hours = Math.floor(total / 60);
    const minutes = total % 60;
    const text = `${hours} ${el.dataset.hoursLabel || "h"} ${String(minutes).padStart(2, "0")} ${el.dataset.minutesLabel || "min"}`;
    el.textContent = past ? `${el.dataset.overdueLabel || "overdue"}: ${text}` : text;
    el.classList.toggle("overdue", past);
  });
}

// The header menu: folded on a phone, always open on a wide screen (see .site-menu in site.css).
function syncMenu(narrow) {
  const menu = document.getElementById("site-menu");
  if (menu) menu.open = !narrow.matches;
}

document.addEventListener("DOMContentLoaded", () => {
  const narrow = window.matchMedia("(max-width: 48rem)");
  syncMenu(narrow);
  narrow.addEventListener("change", () => syncMenu(narrow));
  const category = document.querySelector("select[name=category]");
  if (category) {
    category.addEventListener("change", syncBreachFields);
    syncBreachFields();
  }
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  if (document.querySelector(".countdown[data-due]")) {
    tickCountdowns();
    setInterval(tickCountdowns, 30000);
  }
});
