// "Select all on this page": a checkbox with data-select-all="<form id>" ticks every row
// checkbox that belongs to that form (form="<form id>"), and shows when only some are ticked.
document.addEventListener("DOMContentLoaded", () => {
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    const rows = () =>
      document.querySelectorAll(`input[type=checkbox][form="${all.dataset.selectAll}"]`);
    all.addEventListener("change", () => {
      for (const box of rows()) box.checked = all.checked;
    });
    document.addEventListener("change", (event) => {
      if (event.target === all || event.target.form?.id !== all.dataset.selectAll) return;
      const ticked = [...rows()].filter((box) => box.checked).length;
      all.checked = ticked > 0 && ticked === rows().length;
      all.indeterminate = ticked > 0 && ticked < rows().length;
    });
  }
});
