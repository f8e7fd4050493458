// Toggle the highlight layers of the article view (checkboxes with data-layer="ent|timex|quote|evid").
document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("text");
  if (!text) return;
  for (const box of document.querySelectorAll("input[data-layer]")) {
    box.addEventListener("change", () => text.classList.toggle("hide-" + box.dataset.layer, !box.checked));
  }
});
