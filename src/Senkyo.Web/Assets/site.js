// Confirmation for forms that change an account or end sessions (data-confirm="…").
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Result lists (data-keyboard-rows): ↑/↓ move between the rows' buttons; ↓ in a search field jumps to the first row.
document.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
    return;
  }

  const target = event.target;
  const table = document.querySelector("table[data-keyboard-rows]");
  if (!(target instanceof HTMLElement) || !table) {
    return;
  }

  const buttons = Array.from(table.querySelectorAll("[data-row-action]"));
  const index = buttons.indexOf(target);
  if (index >= 0) {
    const next = buttons[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next instanceof HTMLElement) {
      next.focus();
      event.preventDefault();
    }
  } else if (event.key === "ArrowDown" && target.closest("form[data-search-form]") && target instanceof HTMLInputElement && buttons.length > 0) {
    buttons[0].focus();
    event.preventDefault();
  }
});
