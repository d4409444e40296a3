"use strict";
// The cycle board: start a cycle for the lesson, see suggestions, pick two teacher clips and a
// library clip, write the notes (saved as typed, refused with 409 when the cycle moved on),
// set the plan, close, download the packet. The rules are the server's (the CLI's).

(() => {
  const {api, mediaURL, time, element, APIError} = ClipCoach;
  const $ = id => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const lessonID = Number(params.get("lesson"));
  let cycleID = Number(params.get("cycle")) || null;
  let cycle = null, codebook = null, lesson = null, libraryChoice = null;
  const saveTimers = {};

  const long = seconds => time(Math.round(seconds)) + " long";
  function say(text, kind) { $("status").textContent = text; $("status").className = "status " + (kind || ""); }

  // "1:30", "90", "1:02:03" -> seconds.
  function seconds(text) {
    const parts = String(text).trim().split(":").map(Number);
    if (!parts.length || parts.some(n => !Number.isFinite(n))) return NaN;
    return parts.reduce((total, part) => total * 60 + part, 0);
  }

  function codeOptions(select, {optional = false, levels = ["segment"]} = {}) {
    const options = codebook.codes.filter(c => levels.includes(c.level)).map(c => element("option", {value: c.id, text: c.name}));
    select.replaceChildren(...(optional ? [element("option", {value: "", text: "none"})] : []), ...options);
  }

  async function start() {
    [codebook, lesson] = await Promise.all([api("/api/codebook"), api("/api/lessons/" + lessonID)]);
    $("lesson-link").href = "/studio/lesson.html?id=" + lessonID;
    $("lesson-link").textContent = lesson.summary.label;
    codeOptions($("focus-1"));
    codeOptions($("focus-2"), {optional: true});
    codeOptions($("search-code"));
    codeOptions($("next-focus"));
    if (lesson.summary.teacher) $("teacher").value = lesson.summary.teacher;
    if (lesson.summary.grade) $("grade").value = lesson.summary.grade;
    if (!cycleID) {
      const cycles = await api("/api/lessons/" + lessonID + "/cycles");
      const open = cycles.filter(c => c.state !== "closed");
      if (open.length) cycleID = open[open.length - 1].id;
      $("cycle-list").replaceChildren(...cycles.map(c => element("li", {},
        element("a", {href: `/studio/cycle.html?lesson=${lessonID}&cycle=${c.id}`, text: `Cycle ${c.id}: ${c.teacher}, ${c.stateLabel}`}))));
    }
    if (cycleID) await show(await api("/api/cycles/" + cycleID)); else $("start").hidden = false;
  }

  async function show(next) {
    cycle = next;
    cycleID = cycle.id;
    history.replaceState(null, "", `/studio/cycle.html?lesson=${lessonID}&cycle=${cycle.id}`);
    $("start").hidden = true;
    $("board").hidden = false;
    $("title").textContent = `Cycle ${cycle.id} · ${cycle.teacher}`;
    $("state").textContent = cycle.stateLabel;
    $("state").dataset.state = cycle.state;
    const focus = cycle.focusCodes.map(id => (codebook.codes.find(c => c.id === id) || {name: id}).name).join(" and ");
    $("summary").textContent = [cycle.grade ? "grade " + cycle.grade : null, "focus: " + focus, "lesson " + lesson.summary.label]
      .filter(Boolean).join(" · ");
    $("search-code").value = cycle.focusCodes[0];
    const picking = cycle.state === "planned" || (cycle.state === "clips-chosen" && cycle.notes.length === 0);
    $("pick").hidden = !picking;
    $("pick-clips").textContent = cycle.state === "planned" ? "Cut the teacher clips and pick" : "Pick again (replaces the clips)";
    $("notes").hidden = cycle.clips.length === 0;
    $("plan").hidden = cycle.clips.length === 0;
    $("packet").href = mediaURL(cycle.packetURL);
    $("packet").hidden = cycle.clips.length === 0;
    $("close-cycle").disabled = cycle.state !== "action-plan-set";
    $("save-plan").disabled = !["conversation-held", "action-plan-set"].includes(cycle.state);
    if (cycle.plan && document.activeElement !== $("goals")) {
      $("goals").value = cycle.plan.goals.join("\n");
      $("next-focus").value = cycle.plan.nextFocusCodes[0];
    }
    noteCards();
    if (picking) { lessonClips(); suggestions(); }
  }

  // ---- picking ---------------------------------------------------------------------------
  function fill(slot, start, end, label) {
    const box = $("teacher-" + slot);
    box.querySelector(".start").value = time(start);
    box.querySelector(".end").value = time(end);
    if (label) box.querySelector(".label").value = label;
  }

  function useButtons(start, end, label) {
    return [1, 2].map(slot => element("button", {type: "button", class: "link", text: "use as clip " + slot,
                                                 onclick: () => fill(slot, start, end, label)}));
  }

  function lessonClips() {
    const items = lesson.clips.filter(c => c.start !== null).map(c =>
      element("li", {}, `${c.label}: ${time(c.start)}–${time(c.end)} (${long(c.end - c.start)}) `, ...useButtons(c.start, c.end, c.label)));
    let mark = null;
    try { mark = JSON.parse(sessionStorage.getItem("clipcoach-mark-" + lessonID) || "null"); } catch (_) { mark = null; }
    if (mark) items.unshift(element("li", {class: "marked"},
      `Marked on the lesson page: ${time(mark.start)}–${time(mark.end)} (${long(mark.end - mark.start)}) `, ...useButtons(mark.start, mark.end)));
    $("lesson-clips").replaceChildren(...(items.length ? items : [element("li", {class: "muted", text: "Mark IN and OUT on the lesson page to offer a range here."})]));
  }

  function chooseLibrary(id, label) {
    libraryChoice = id;
    $("library-choice").textContent = `${label || "clip " + id} (catalog clip ${id})`;
  }

  async function suggestions() {
    try {
      const found = await api(`/api/cycles/${cycleID}/suggestions`);
      const items = [
        ...found.teacherClips.map(s => element("li", {},
          `Teacher clip ${time(s.window.start)}–${time(s.window.end)} (${s.purpose}) `, ...useButtons(s.window.start, s.window.end),
          element("ul", {class: "reasons"}, s.reasons.map(r => element("li", {text: r}))))),
        ...found.libraryClips.map(s => element("li", {},
          `Library: ${s.label || s.clipID} (${long(s.duration)}) `,
          element("button", {type: "button", class: "link", text: "choose", onclick: () => chooseLibrary(s.clipID, s.label)}),
          element("ul", {class: "reasons"}, s.reasons.map(r => element("li", {text: r}))))),
      ];
      $("suggestions").replaceChildren(...(items.length ? items : [element("li", {class: "muted", text: "No suggestions yet: score the lesson on the focus codes."})]));
    } catch (error) {
      $("suggestions").replaceChildren(element("li", {class: "muted", text: "No suggestions: " + error.message}));
    }
  }

  async function search(event) {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, id] of [["code", "search-code"], ["score", "search-score"], ["grade", "search-grade"], ["text", "search-text"]]) {
      if ($(id).value.trim()) query.set(name, $(id).value.trim());
    }
    const hits = await api(`/api/cycles/${cycleID}/library?` + query);
    $("library-results").replaceChildren(...(hits.length ? hits.map(hit => element("li", {"data-id": hit.id},
      element("img", {src: mediaURL(`/api/clips/${hit.id}/poster`), alt: "", width: 96, height: 54, loading: "lazy"}), " ",
      `${hit.label || "clip " + hit.id} · ${long(hit.duration)}${hit.grade ? " · grade " + hit.grade : ""} · `
        + hit.scores.map(s => `${s.code} ${s.score}`).join(", ") + " ",
      element("button", {type: "button", class: "choose", text: "Choose", onclick: () => chooseLibrary(hit.id, hit.label)})))
      : [element("li", {class: "muted", text: "No library clip matches."})]));
  }

  async function pick() {
    const windows = [1, 2].map(slot => {
      const box = $("teacher-" + slot);
      return {start: seconds(box.querySelector(".start").value), end: seconds(box.querySelector(".end").value),
              label: box.querySelector(".label").value.trim() || undefined};
    });
    if (windows.some(w => !Number.isFinite(w.start) || !Number.isFinite(w.end))) { say("Give both teacher clips a start and an end (like 1:30).", "error"); return; }
    if (!libraryChoice) { say("Choose a library clip (search, then Choose).", "error"); return; }
    say("Cutting the teacher clips…");
    try {
      await show(await api(`/api/cycles/${cycleID}/pick`, {method: "POST", body: {revision: cycle.revision, teacherClips: windows, libraryClipID: libraryChoice}}));
      say("Clips chosen and cut.", "ok");
    } catch (error) { refused(error); }
  }

  // ---- notes, plan, close ----------------------------------------------------------------
  const fields = [["describe", "Describe (what happened)"], ["elevate", "Elevate (a better version)"], ["nextSteps", "Next steps"]];

  function noteCards() {
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".note-card");
    if (focused) return; // never replace what the coach is typing
    $("note-cards").replaceChildren(...cycle.clips.map(clip => {
      const note = cycle.notes.find(n => n.clip === clip.number) || {};
      const window = clip.actual ? `${time(clip.actual.start)}–${time(clip.actual.end)} · ` : "";
      return element("article", {class: "note-card", "data-clip": clip.number},
        clip.clipID ? element("img", {src: mediaURL(`/api/clips/${clip.clipID}/poster`), alt: "", loading: "lazy"}) : null,
        element("h3", {text: `${clip.number}. ${clip.label}`}),
        element("p", {class: "muted"}, window + (clip.duration ? long(clip.duration) : ""), " ",
          clip.clipID ? element("a", {href: "/clip.html?id=" + clip.clipID, text: "review"}) : null),
        ...fields.map(([name, text]) => element("label", {class: "block"}, text,
          element("textarea", {rows: 2, "data-field": name, oninput: () => queueNote(clip.number), disabled: cycle.state === "closed"},
            note[name] || ""))),
        element("p", {class: "status note-status", role: "status"}));
    }));
  }

  function queueNote(number) {
    clearTimeout(saveTimers[number]);
    saveTimers[number] = setTimeout(() => saveNote(number), 500);
  }

  async function saveNote(number) {
    const card = document.querySelector(`.note-card[data-clip="${number}"]`);
    const status = card.querySelector(".note-status");
    const body = {revision: cycle.revision};
    for (const [name] of fields) body[name] = card.querySelector(`[data-field="${name}"]`).value;
    if (fields.some(([name]) => !body[name].trim())) { status.textContent = "Saved once all three parts are written."; status.className = "status note-status"; return; }
    try {
      const next = await api(`/api/cycles/${cycleID}/notes/${number}`, {method: "PUT", body});
      cycle = next;
      status.textContent = "Saved.";
      status.className = "status note-status ok";
      $("state").textContent = cycle.stateLabel;
      $("state").dataset.state = cycle.state;
      $("save-plan").disabled = !["conversation-held", "action-plan-set"].includes(cycle.state);
    } catch (error) {
      status.className = "status note-status error";
      status.textContent = error.status === 409 ? "Not saved: this cycle was changed meanwhile (another tab or a colleague). Reload to see it, then type again."
        : "Not saved: " + error.message;
      if (error.status === 409) say(status.textContent, "error");
    }
  }

  async function savePlan() {
    try {
      await show(await api(`/api/cycles/${cycleID}/plan`, {method: "PUT", body: {revision: cycle.revision,
        goals: $("goals").value.split("\n"), nextFocusCodes: [$("next-focus").value]}}));
      say("Plan saved.", "ok");
    } catch (error) { refused(error); }
  }

  async function closeCycle() {
    try {
      await show(await api(`/api/cycles/${cycleID}/close`, {method: "POST", body: {revision: cycle.revision}}));
      say("Cycle closed.", "ok");
    } catch (error) { refused(error); }
  }

  function refused(error) {
    say(error instanceof APIError && error.status === 409
      ? "Not saved: this cycle was changed meanwhile (another tab or a colleague). Reload to see it." : "Refused: " + error.message, "error");
  }

  $("start-form").addEventListener("submit", async event => {
    event.preventDefault();
    const focusCodes = [$("focus-1").value, $("focus-2").value].filter(Boolean);
    try {
      await show(await api(`/api/lessons/${lessonID}/cycles`, {method: "POST",
        body: {teacher: $("teacher").value, focusCodes, grade: $("grade").value.trim() || undefined}}));
      say("Cycle started.", "ok");
    } catch (error) { refused(error); }
  });
  $("search-form").addEventListener("submit", search);
  $("pick-clips").addEventListener("click", pick);
  $("save-plan").addEventListener("click", savePlan);
  $("close-cycle").addEventListener("click", closeCycle);
  start().catch(error => say("Cannot open the cycle board: " + error.message, "error"));
})();
