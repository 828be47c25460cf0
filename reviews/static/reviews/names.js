// Name suggestions on demand: a <datalist data-names="<url>"> is filled from that URL (JSON,
// {"names": [...]}) the first time a field that uses it gets the focus, so a report page does
// not query and carry every reviewer's and editor's name each time it is shown.
document.addEventListener("focusin", async (event) => {
  const list = event.target.list;
  if (!list || !list.dataset.names || list.dataset.loaded) return;
  list.dataset.loaded = "loading";
  try {
    const response = await fetch(list.dataset.names, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`${response.status}`);
    const { names } = await response.json();
    list.replaceChildren(
      ...names.map((name) => Object.assign(document.createElement("option"), { value: name })),
    );
    list.dataset.loaded = "yes";
  } catch {
    delete list.dataset.loaded; // try again on the next focus
  }
});
