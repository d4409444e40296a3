"use strict";
// The clip list: posters and review states, filtered by code, state, rater and text.
(() => {
  const {api, mediaURL, time, element, stateBadge} = ClipCoach;
  const form = document.getElementById("filters");
  const list = document.getElementById("clips");
  const status = document.getElementById("status");
  let codeNames = {};

  async function loadCodebook() {
    const codebook = await api("/api/codebook");
    const select = form.elements.code;
    for (const domain of codebook.domains) {
      const group = element("optgroup", {label: domain.name});
      for (const code of codebook.codes.filter(c => c.domain === domain.id)) {
        codeNames[code.id] = code.name;
        group.append(element("option", {value: code.id, text: code.name}));
      }
      select.append(group);
    }
  }

  function restoreFilters() {
    const params = new URLSearchParams(location.search);
    for (const name of ["code", "state", "rater", "text"]) {
      if (params.get(name)) form.elements[name].value = params.get(name);
    }
  }

  async function refresh() {
    const query = new URLSearchParams();
    for (const name of ["code", "state", "rater", "text"]) {
      const value = form.elements[name].value.trim();
      if (value) query.set(name, value);
    }
    history.replaceState(null, "", query.toString() ? "?" + query : location.pathname);
    status.textContent = "Loading clips…";
    try {
      const clips = await api("/api/clips?" + query);
      render(clips);
      status.textContent = clips.length === 1 ? "1 clip" : clips.length + " clips";
    } catch (error) {
      status.textContent = "Could not load the clips: " + error.message;
    }
  }

  function render(clips) {
    list.replaceChildren(...clips.map(clip => {
      const pending = clip.sets.filter(s => s.state !== "draft");
      const states = pending.length ? pending : clip.sets.slice(0, 1);
      return element("li", {class: "card"},
        element("a", {href: "/clip.html?id=" + clip.id, class: "card-link"},
          clip.posterURL
            ? element("img", {src: mediaURL(clip.posterURL), alt: "", loading: "lazy"})
            : element("div", {class: "no-poster", text: "no poster"}),
          element("div", {class: "card-body"},
            element("h2", {text: clip.label}),
            element("p", {class: "muted"},
              [clip.kind, clip.duration ? time(clip.duration) : null, clip.grade ? "grade " + clip.grade : null, clip.topic]
                .filter(Boolean).join(" · ")),
            element("p", {class: "chips"},
              states.map(s => {
                const badge = stateBadge(s.state);
                if (s.segment) badge.textContent = "seg " + s.segment + ": " + badge.textContent;
                return badge;
              }),
              element("span", {class: "chip sharing-" + clip.sharing, text: clip.sharing}),
              element("span", {class: "chip", text: clip.annotationCount + " annotation" + (clip.annotationCount === 1 ? "" : "s")}),
              clip.raters.length ? element("span", {class: "chip", text: clip.raters.join(", ")}) : null))));
    }));
  }

  let timer = null;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 200); });
  form.addEventListener("submit", event => { event.preventDefault(); refresh(); });

  loadCodebook().catch(error => { status.textContent = "Could not load the codebook: " + error.message; })
    .finally(() => { restoreFilters(); refresh(); });
})();
