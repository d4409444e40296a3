"use strict";
// The clip page: play the video, read annotations by domain (evidence moments seek the
// player), add or change annotations with the codebook's score points, and review.
(() => {
  const {api, mediaURL, time, element, stateBadge, APIError} = ClipCoach;
  const id = new URLSearchParams(location.search).get("id");
  const $ = name => document.getElementById(name);
  const player = $("player"), form = $("annotation-form"), formStatus = $("form-status");

  let codebook = null, clip = null;
  let score = null, moments = [], editing = null;

  // ---- loading -------------------------------------------------------------------------

  async function load() {
    try {
      codebook = await api("/api/codebook");
      clip = await api("/api/clips/" + encodeURIComponent(id || ""));
    } catch (error) {
      $("title").textContent = error.status === 404 ? "No such clip" : "Could not load the clip";
      formStatus.textContent = error.message;
      return;
    }
    document.title = clip.label + " · ClipCoach review";
    $("title").textContent = clip.label;
    player.src = mediaURL(clip.mediaURL);
    if (clip.posterURL) player.poster = mediaURL(clip.posterURL);
    $("person").value = localStorage.getItem("clipcoach-person") || "";
    fillCodes();
    fillSegments();
    render();
  }

  function codeInfo(codeID) { return codebook.codes.find(c => c.id === codeID); }
  function scaleOf(code) { return codebook.scales.find(s => s.id === code.scale); }
  function pointLabel(code, pointID) {
    const point = scaleOf(code).points.find(p => p.id === pointID);
    return point ? point.label : pointID;
  }

  // ---- rendering -----------------------------------------------------------------------

  function render() {
    $("revision").textContent = "revision " + clip.revision;
    const c = clip.context;
    $("context").textContent = [clip.kind, time(clip.duration), c.teacher, c.grade ? "grade " + c.grade : null, c.topic]
      .concat(c.tags || []).filter(Boolean).join(" · ");
    renderAnnotations();
    renderTimeline();
    renderReview();
    renderSharing();
  }

  function renderSharing() {
    const sharing = clip.sharing || {status: "private", events: []};
    $("sharing-status").value = sharing.status;
    const last = sharing.events.length ? sharing.events[sharing.events.length - 1] : null;
    $("sharing-trail").textContent = (last ? "Set to " + last.to + " by " + last.by + " at " + last.at : "Private (never set).")
      + (sharing.consentNote ? " Consent: " + sharing.consentNote : "");
    // The raters' server shows the status only: coaches set it, in the studio.
    const editable = clip.sharingEditable !== false;
    for (const element of [$("sharing-status").closest(".row"), $("consent-note"), $("set-sharing").closest(".row")]) {
      element.hidden = !editable;
    }
    if (!editable) $("sharing-trail").textContent = "Shared as " + sharing.status + ". Coaches set this in the studio.";
  }

  async function setSharing() {
    const name = person();
    if (!name) { formStatus.textContent = "Type your name first."; $("person").focus(); return; }
    const body = {revision: clip.revision, status: $("sharing-status").value, by: name};
    const note = $("consent-note").value.trim();
    if (note) body.consentNote = note;
    await write(() => api("/api/clips/" + clip.id + "/sharing", {method: "PUT", body}), "Sharing set.");
    $("consent-note").value = "";
  }

  function renderAnnotations() {
    const container = $("annotations");
    const groups = codebook.domains.map(domain => {
      const items = clip.annotations
        .filter(a => (codeInfo(a.code) || {}).domain === domain.id)
        .sort((a, b) => codebook.codes.findIndex(c => c.id === a.code) - codebook.codes.findIndex(c => c.id === b.code));
      if (!items.length) return null;
      return element("section", {class: "domain"},
        element("h2", {text: domain.name}),
        items.map(annotationCard));
    }).filter(Boolean);
    container.replaceChildren(...(groups.length ? groups : [element("p", {class: "muted empty", text: "No annotations yet."})]));
  }

  function annotationCard(annotation) {
    const code = codeInfo(annotation.code);
    return element("article", {class: "annotation" + (editing === annotation.id ? " editing" : ""), "data-id": annotation.id},
      element("header", {},
        element("strong", {text: code ? code.name : annotation.code}),
        element("span", {class: "score score-" + annotation.score, text: code ? pointLabel(code, annotation.score) : annotation.score})),
      element("p", {class: "muted"},
        [annotation.rater, annotation.role, annotation.segment ? "segment " + annotation.segment : null].filter(Boolean).join(" · ")),
      annotation.note ? element("p", {class: "note", text: annotation.note}) : null,
      annotation.evidence.length
        ? element("ul", {class: "evidence"}, annotation.evidence.map(moment =>
            element("li", {},
              element("button", {type: "button", class: "moment", title: "Play from here",
                                 onclick: () => seek(moment.time)},
                "▶ " + time(moment.time)),
              moment.comment ? " " + moment.comment : null)))
        : null,
      element("footer", {},
        element("button", {type: "button", class: "link", onclick: () => startEditing(annotation)}, "Change"),
        element("button", {type: "button", class: "link danger", onclick: () => remove(annotation)}, "Remove")));
  }

  function renderTimeline() {
    const bar = $("timeline");
    const marks = [];
    for (const annotation of clip.annotations) {
      for (const moment of annotation.evidence) {
        const left = clip.duration > 0 ? Math.min(100, 100 * moment.time / clip.duration) : 0;
        marks.push(element("button", {type: "button", class: "mark", style: "left:" + left + "%",
                                      title: time(moment.time) + " " + annotation.code, onclick: () => seek(moment.time)}));
      }
    }
    bar.replaceChildren(...marks);
  }

  function renderReview() {
    const select = $("review-set");
    const chosen = select.value;
    select.replaceChildren(...clip.review.map(set =>
      element("option", {value: set.segment === null || set.segment === undefined ? "" : String(set.segment),
                         text: setName(set) + " (" + ClipCoach.stateLabels[set.state] + ")"})));
    if ([...select.options].some(o => o.value === chosen)) select.value = chosen;
    const set = currentSet();
    $("review-state").replaceChildren(stateBadge(set.state));
    $("trail").replaceChildren(...set.events.slice().reverse().map(event =>
      element("li", {},
        element("span", {class: "when", text: new Date(event.at).toLocaleString()}),
        " ", element("strong", {text: event.by}), " ", actionText(event),
        event.comment ? element("q", {text: event.comment}) : null,
        event.changes.length ? element("ul", {class: "changes"}, event.changes.map(line => element("li", {text: line}))) : null)));
    if (!set.events.length) $("trail").replaceChildren(element("li", {class: "muted", text: "Not reviewed yet."}));
  }

  function setName(set) {
    if (set.segment) return "Segment " + set.segment;
    return clip.kind === "lesson" ? "Whole lesson" : "Clip";
  }

  function actionText(event) {
    const names = {submit: "submitted", accept: "accepted", requestChanges: "requested changes", annotate: "edited", comment: "commented"};
    const moved = event.from !== event.to ? " (" + ClipCoach.stateLabels[event.from] + " → " + ClipCoach.stateLabels[event.to] + ")" : "";
    return (names[event.action] || event.action) + moved;
  }

  function currentSet() {
    const value = $("review-set").value;
    return clip.review.find(set => String(set.segment ?? "") === value) || clip.review[0];
  }

  // ---- the annotation form ---------------------------------------------------------------

  function fillCodes() {
    const select = $("code");
    const usable = codebook.codes.filter(c => clip.kind === "lesson" || c.level === "segment");
    select.replaceChildren(...codebook.domains.map(domain => {
      const codes = usable.filter(c => c.domain === domain.id);
      return codes.length ? element("optgroup", {label: domain.name},
        codes.map(c => element("option", {value: c.id, text: c.name}))) : null;
    }).filter(Boolean));
    select.addEventListener("change", () => { score = null; fillScores(); updateSegmentField(); });
    fillScores();
  }

  function fillScores() {
    const code = codeInfo($("code").value);
    const points = code ? scaleOf(code).points : [];
    $("max-key").textContent = String(points.length);
    $("scores").replaceChildren(...points.map((point, index) =>
      element("button", {type: "button", role: "radio", class: "score-choice" + (score === point.id ? " chosen" : ""),
                         "aria-checked": score === point.id ? "true" : "false", "data-point": point.id,
                         onclick: () => chooseScore(point.id)},
        element("kbd", {text: String(index + 1)}), " " + point.label)));
  }

  function chooseScore(pointID) { score = pointID; fillScores(); }

  function fillSegments() {
    if (clip.kind !== "lesson") return;
    $("segment").replaceChildren(...clip.segments.map(s =>
      element("option", {value: String(s.number), text: s.number + " (" + time(s.start) + "–" + time(s.end) + ")"})));
    updateSegmentField();
  }

  function updateSegmentField() {
    const code = codeInfo($("code").value);
    $("segment-field").hidden = !(clip.kind === "lesson" && code && code.level === "segment");
  }

  function renderMoments() {
    $("moments").replaceChildren(...moments.map((moment, index) =>
      element("span", {class: "chip"}, time(moment.time) + " ",
        element("button", {type: "button", class: "link", title: "Remove this moment",
                           onclick: () => { moments.splice(index, 1); renderMoments(); }}, "×"))));
  }

  function addMoment() {
    const now = Math.round(player.currentTime * 1000) / 1000;
    if (!moments.some(m => Math.abs(m.time - now) < 0.05)) moments.push({time: now});
    moments.sort((a, b) => a.time - b.time);
    // Lessons: a new moment picks the segment it falls in.
    if (clip.kind === "lesson" && !editing) {
      const segment = clip.segments.find(s => now >= s.start && now < s.end);
      if (segment) $("segment").value = String(segment.number);
    }
    renderMoments();
  }

  function startEditing(annotation) {
    editing = annotation.id;
    $("code").value = annotation.code;
    $("code").disabled = true;
    score = annotation.score;
    fillScores();
    $("note").value = annotation.note || "";
    moments = annotation.evidence.map(m => ({time: m.time, comment: m.comment}));
    renderMoments();
    $("editor-title").textContent = "Change an annotation";
    $("save").textContent = "Save changes";
    $("cancel-edit").hidden = false;
    renderAnnotations();
    $("editor").scrollIntoView({behavior: "smooth", block: "nearest"});
  }

  function resetForm() {
    editing = null;
    score = null;
    moments = [];
    $("code").disabled = false;
    $("note").value = "";
    $("editor-title").textContent = "Add an annotation";
    $("save").textContent = "Save annotation";
    $("cancel-edit").hidden = true;
    fillScores();
    renderMoments();
  }

  function person() {
    const name = $("person").value.trim();
    if (name) localStorage.setItem("clipcoach-person", name);
    return name;
  }

  async function save(event) {
    if (event) event.preventDefault();
    const name = person();
    if (!name) { formStatus.textContent = "Type your name first."; $("person").focus(); return; }
    if (!score) { formStatus.textContent = "Choose a score point (keys 1–" + $("max-key").textContent + ")."; return; }
    const code = codeInfo($("code").value);
    const evidence = moments.map(m => m.comment ? {time: m.time, comment: m.comment} : {time: m.time});
    const note = $("note").value.trim();
    formStatus.textContent = "Saving…";
    await write(async () => {
      if (editing) {
        return api("/api/clips/" + clip.id + "/annotations/" + encodeURIComponent(editing), {method: "PUT",
          body: {revision: clip.revision, by: name, score, note, evidence}});
      }
      const body = {revision: clip.revision, code: code.id, score, rater: name, by: name, evidence};
      if (note) body.note = note;
      if (clip.kind === "lesson" && code.level === "segment") body.segment = Number($("segment").value);
      return api("/api/clips/" + clip.id + "/annotations", {method: "POST", body});
    }, "Saved.");
  }

  async function remove(annotation) {
    const name = person();
    if (!name) { formStatus.textContent = "Type your name first."; return; }
    if (!confirm("Remove this annotation?")) return;
    await write(() => api("/api/clips/" + clip.id + "/annotations/" + encodeURIComponent(annotation.id) +
      "?revision=" + clip.revision + "&by=" + encodeURIComponent(name), {method: "DELETE"}), "Removed.");
  }

  async function review(action) {
    const name = person();
    if (!name) { formStatus.textContent = "Type your name first."; $("person").focus(); return; }
    const set = currentSet();
    const comment = $("review-comment").value.trim();
    const body = {revision: clip.revision, action, by: name};
    if (comment) body.comment = comment;
    if (set.segment) body.segment = set.segment;
    await write(() => api("/api/clips/" + clip.id + "/review", {method: "POST", body}), "Done.");
    $("review-comment").value = "";
  }

  /// Runs a write; on success shows the saved clip, on 409 reloads it and says why.
  async function write(request, done) {
    try {
      const result = await request();
      clip = result.clip;
      resetForm();
      render();
      formStatus.textContent = done + " Revision " + clip.revision + ".";
    } catch (error) {
      if (error instanceof APIError && error.status === 409) {
        try { clip = await api("/api/clips/" + clip.id); render(); } catch (_) { /* keep the old view */ }
        formStatus.textContent = "Not saved: " + error.message;
      } else {
        formStatus.textContent = "Not saved: " + error.message;
      }
    }
  }

  function seek(seconds) {
    player.currentTime = seconds;
    player.play().catch(() => {});
  }

  // ---- events ------------------------------------------------------------------------------

  form.addEventListener("submit", save);
  $("cancel-edit").addEventListener("click", () => { resetForm(); renderAnnotations(); });
  $("add-moment").addEventListener("click", addMoment);
  $("review-set").addEventListener("change", renderReview);
  $("set-sharing").addEventListener("click", setSharing);
  for (const button of document.querySelectorAll("#review-panel [data-action]")) {
    button.addEventListener("click", () => review(button.dataset.action));
  }
  player.addEventListener("timeupdate", () => { $("now").textContent = time(player.currentTime); });

  document.addEventListener("keydown", event => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { save(event); return; }
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement && document.activeElement.tagName);
    if (typing || event.altKey || event.ctrlKey || event.metaKey || !clip) return;
    const code = codeInfo($("code").value);
    const points = code ? scaleOf(code).points : [];
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= 1 && digit <= points.length) {
      chooseScore(points[digit - 1].id);
      event.preventDefault();
    } else if (event.key === "m") {
      addMoment();
      event.preventDefault();
    } else if (event.key === "k") {
      if (player.paused) player.play().catch(() => {}); else player.pause();
      event.preventDefault();
    }
  });

  load();
})();
