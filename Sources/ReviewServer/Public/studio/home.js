"use strict";
// The studio's home page: every lesson, and uploading a new one (streamed, with progress).

(() => {
  const {api, mediaURL, time, element} = ClipCoach;
  const $ = id => document.getElementById(id);

  function long(seconds) { return seconds ? time(Math.round(seconds)) + " long" : ""; }

  function card(lesson) {
    const facts = [lesson.teacher, lesson.grade ? "grade " + lesson.grade : null, lesson.date, long(lesson.duration)]
      .filter(Boolean).join(" · ");
    const badges = [
      lesson.scoreCount ? element("span", {class: "badge good", text: lesson.scoreCount + " scores"}) : element("span", {class: "badge", text: "not scored"}),
      lesson.clipCount ? element("span", {class: "badge", text: lesson.clipCount + (lesson.clipCount === 1 ? " clip" : " clips")}) : null,
      lesson.momentCount ? element("span", {class: "badge", text: lesson.momentCount + " moments"}) : null,
      element("a", {class: "badge", href: "/studio/cycle.html?lesson=" + lesson.id,
                    text: lesson.cycleCount ? lesson.cycleCount + (lesson.cycleCount === 1 ? " cycle" : " cycles") : "start a cycle"}),
    ];
    const href = "/studio/lesson.html?id=" + lesson.id;
    return element("li", {class: "card lesson-card", "data-id": lesson.id},
      element("a", {href, class: "poster-link", "aria-label": "Open " + lesson.label},
        lesson.posterURL ? element("img", {src: mediaURL(lesson.posterURL), alt: "", loading: "lazy"}) : element("div", {class: "no-poster", text: "no picture"})),
      element("h2", {}, element("a", {href, text: lesson.label})),
      element("p", {class: "muted", text: facts}),
      element("p", {class: "badges"}, badges));
  }

  async function load() {
    try {
      const lessons = await api("/api/lessons");
      $("lessons").replaceChildren(...lessons.map(card));
      $("status").textContent = lessons.length ? lessons.length + (lessons.length === 1 ? " lesson" : " lessons")
        : "No lessons yet: add one above.";
    } catch (error) {
      $("status").textContent = "Cannot list the lessons: " + error.message;
    }
  }

  function megabytes(bytes) { return (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0) + " MB"; }

  // XMLHttpRequest, not fetch: it reports upload progress. The body is the file itself
  // (application/octet-stream), which the server writes to disk as it arrives.
  function upload(file) {
    const progress = $("upload-progress"), status = $("upload-status"), figure = $("upload-figure");
    progress.hidden = false; progress.value = 0;
    status.textContent = "Uploading " + file.name + "…";
    status.className = "status";
    const request = new XMLHttpRequest();
    request.open("POST", "/api/lessons?name=" + encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    const token = sessionStorage.getItem("clipcoach-token");
    if (token) request.setRequestHeader("Authorization", "Bearer " + token);
    request.upload.onprogress = event => {
      if (!event.lengthComputable) return;
      progress.value = event.loaded / event.total;
      figure.textContent = megabytes(event.loaded) + " of " + megabytes(event.total);
      if (event.loaded === event.total) status.textContent = "Checking " + file.name + "…";
    };
    request.onload = () => {
      let data = null;
      try { data = JSON.parse(request.responseText); } catch (_) { data = null; }
      if (request.status === 201 && data) {
        status.textContent = "Added " + data.label + " (" + long(data.duration) + ").";
        status.className = "status ok";
        load();
      } else {
        const reason = data && data.error ? data.error.message : request.status + " " + request.statusText;
        status.textContent = "Refused: " + reason;
        status.className = "status error";
      }
      progress.hidden = true;
    };
    request.onerror = () => {
      status.textContent = "The upload stopped (connection lost).";
      status.className = "status error";
      progress.hidden = true;
    };
    request.send(file);
  }

  $("file").addEventListener("change", event => {
    const file = event.target.files[0];
    if (file) upload(file);
    event.target.value = "";
  });
  const zone = $("upload");
  zone.addEventListener("dragover", event => { event.preventDefault(); zone.classList.add("dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", event => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const file = event.dataTransfer.files[0];
    if (file) upload(file);
  });
  load();
})();
