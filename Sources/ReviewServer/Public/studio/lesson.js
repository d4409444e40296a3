"use strict";
// The lesson page: player, filmstrip, timeline lanes, marking IN / OUT and cutting on the
// server (progress over server-sent events), scoring at lesson time.

(() => {
  const {api, mediaURL, time, element, APIError} = ClipCoach;
  const $ = id => document.getElementById(id);
  const lessonID = Number(new URLSearchParams(location.search).get("id"));
  const player = $("player");
  const FRAME = 1 / 30;

  let lesson = null, codebook = null, keyframes = [];
  let markIn = null, markOut = null, chosenScore = null, moments = [];

  const duration = () => (lesson && lesson.summary.duration) || player.duration || 1;
  const percent = t => Math.max(0, Math.min(100, (t / duration()) * 100)) + "%";
  const long = seconds => time(Math.round(seconds)) + " long";
  const typing = target => target && (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable);

  function seek(t) { player.currentTime = Math.max(0, Math.min(duration(), t)); }

  // ---- loading -------------------------------------------------------------------------
  async function load() {
    try {
      const [detail, book] = await Promise.all([api("/api/lessons/" + lessonID), codebook ? codebook : api("/api/codebook")]);
      lesson = detail; codebook = book;
    } catch (error) {
      $("title").textContent = "Lesson not found";
      $("cut-status").textContent = error.message;
      return;
    }
    document.title = lesson.summary.label + " · ClipCoach studio";
    $("title").textContent = lesson.summary.label;
    $("facts").textContent = [lesson.summary.teacher, lesson.summary.grade ? "grade " + lesson.summary.grade : null,
      lesson.summary.date, lesson.summary.duration ? long(lesson.summary.duration) : null].filter(Boolean).join(" · ");
    $("cycle-link").href = "/studio/cycle.html?lesson=" + lessonID;
    if (lesson.reviewURL) { $("review-link").href = lesson.reviewURL; $("review-link").hidden = false; }
    if (!player.src) player.src = mediaURL(lesson.mediaURL);
    if (!$("filmstrip").childElementCount) {
      $("length").textContent = time(duration());
      filmstrip();
    }
    lanes();
    clipList();
    targets();
  }

  // Keyframes load after the page is usable: only the copy-start marker needs them.
  async function loadKeyframes() {
    try { keyframes = (await api("/api/lessons/" + lessonID + "/keyframes")).times; } catch (_) { keyframes = []; }
    showMark();
  }

  function filmstrip() {
    $("filmstrip").replaceChildren(...lesson.filmstrip.map(thumb =>
      element("button", {type: "button", class: "thumb", title: time(thumb.time), "aria-label": "seek to " + time(thumb.time),
                         onclick: () => seek(thumb.time)},
        element("img", {src: mediaURL(thumb.url), alt: "", loading: "lazy", width: 96, height: 54}))));
  }

  // ---- timeline lanes ------------------------------------------------------------------
  function block(start, end, text, extra = {}) {
    return element("button", Object.assign({type: "button", class: "block", style: `left:${percent(start)};width:calc(${percent(end - start)} - 1px)`,
      title: text, onclick: () => seek(start)}, extra), element("span", {text}));
  }

  function tick(t, text, cls) {
    return element("button", {type: "button", class: "tick " + (cls || ""), style: `left:${percent(t)}`, title: text,
      "aria-label": text, onclick: () => seek(t)});
  }

  function lanes() {
    $("lane-segments").replaceChildren(...lesson.segments.map(s => block(s.start, s.end, "Segment " + s.number, {"aria-label": "segment " + s.number + " at " + time(s.start)})));
    const ticks = [];
    for (const a of lesson.annotations) {
      const segment = lesson.segments.find(s => s.number === a.segment);
      const moments = a.evidence && a.evidence.length ? a.evidence.map(e => e.time) : segment ? [segment.start] : [];
      for (const t of moments) ticks.push(tick(t, `${a.code} ${a.score} (${a.rater}) at ${time(t)}`, "score"));
    }
    $("lane-annotations").replaceChildren(...ticks);
    $("lane-clips").replaceChildren(...lesson.clips.filter(c => c.start !== null && c.end !== null)
      .map(c => block(c.start, c.end, c.label, {class: "block clip", "aria-label": "clip " + c.label + " at " + time(c.start)})));
    talkLane();
    $("lane-moments").replaceChildren(...lesson.moments.map(m => {
      const text = `${m.code} #${m.rank} ${time(m.start)}–${time(m.end)}: ${m.reasons.join("; ")}`;
      return block(m.start, m.end, m.code, {class: "block moment", title: text, "aria-label": "moment " + text});
    }));
  }

  // Who talks when (stored by `clipcoach moments`): one stretch per speaker, pauses as marks.
  // Each stretch names its speaker in text (title / aria-label), not by colour alone.
  function talkLane() {
    const stretches = lesson.talk.map(t => element("span", {class: "talk talk-" + t.speaker, role: "img",
      style: `left:${percent(t.start)};width:${percent(t.end - t.start)}`,
      title: `${t.speaker} ${time(t.start)}–${time(t.end)}`, "aria-label": `${t.speaker} talks ${time(t.start)}–${time(t.end)}`}));
    const pauses = lesson.pauses.map(p => element("span", {class: "talk talk-pause", role: "img",
      style: `left:${percent(p.start)};width:${percent(p.end - p.start)}`,
      title: `pause ${time(p.start)}–${time(p.end)}`, "aria-label": `pause ${time(p.start)}–${time(p.end)}`}));
    $("lane-talk").replaceChildren(...stretches, ...pauses);
    $("talk-legend").hidden = !(lesson.talk.length || lesson.moments.length);
  }

  function clipList() {
    $("clips").replaceChildren(...(lesson.clips.length ? lesson.clips.map(c =>
      element("li", {class: "clip-item"},
        element("img", {src: mediaURL(c.posterURL), alt: "", loading: "lazy", width: 96, height: 54}),
        element("div", {},
          element("strong", {text: c.label}),
          element("p", {class: "muted", text: c.start !== null ? `${time(c.start)}–${time(c.end)} · ${long(c.end - c.start)}` : ""}),
          c.reviewURL ? element("a", {href: c.reviewURL, text: "Open the clip"}) : null)))
      : [element("li", {class: "muted", text: "No clips yet: mark IN and OUT, then press c."})]));
  }

  // ---- marking -------------------------------------------------------------------------
  function keyframeBefore(t) {
    let found = null;
    for (const k of keyframes) { if (k <= t + 1e-6) found = k; else break; }
    return found;
  }

  // The cycle board offers the marked range as a teacher clip: kept for this browser tab.
  function rememberMark() {
    const key = "clipcoach-mark-" + lessonID;
    if (markIn !== null && markOut !== null && markOut > markIn) sessionStorage.setItem(key, JSON.stringify({start: markIn, end: markOut}));
  }

  function showMark() {
    rememberMark();
    $("in-time").textContent = markIn === null ? "–" : time(markIn);
    $("out-time").textContent = markOut === null ? "–" : time(markOut);
    const both = markIn !== null && markOut !== null && markOut > markIn;
    $("mark-length").textContent = both ? long(markOut - markIn) : "";
    $("cut").disabled = !both;
    $("handle-in").hidden = markIn === null;
    $("handle-out").hidden = markOut === null;
    if (markIn !== null) $("handle-in").style.left = percent(markIn);
    if (markOut !== null) $("handle-out").style.left = percent(markOut);
    $("mark-range").hidden = !both;
    if (both) { $("mark-range").style.left = percent(markIn); $("mark-range").style.width = percent(markOut - markIn); }
    const start = markIn === null ? null : keyframeBefore(markIn);
    $("copy-start").hidden = start === null;
    if (start !== null) $("copy-start").style.left = percent(start);
    $("copy-note").textContent = start === null ? "" : start < markIn - 0.0005
      ? `A copy cut really starts at ${time(start)}, the keyframe before IN (${(markIn - start).toFixed(1)} s earlier).`
      : `IN is on a keyframe: the copy starts exactly there.`;
  }

  function setIn(t) { markIn = Math.round(t * 1000) / 1000; if (markOut !== null && markOut <= markIn) markOut = null; showMark(); }
  function setOut(t) { markOut = Math.round(t * 1000) / 1000; if (markIn !== null && markIn >= markOut) markIn = null; showMark(); }

  function draggable(handle, set) {
    handle.addEventListener("pointerdown", event => {
      handle.setPointerCapture(event.pointerId);
      const lane = $("lane-mark").getBoundingClientRect();
      const move = e => set(Math.max(0, Math.min(1, (e.clientX - lane.left) / lane.width)) * duration());
      const up = () => { handle.removeEventListener("pointermove", move); handle.removeEventListener("pointerup", up); };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
    });
    handle.addEventListener("keydown", event => {
      const current = handle.id === "handle-in" ? markIn : markOut;
      if (event.key === "ArrowLeft") { set(current - 1); event.preventDefault(); event.stopPropagation(); }
      if (event.key === "ArrowRight") { set(current + 1); event.preventDefault(); event.stopPropagation(); }
    });
  }
  draggable($("handle-in"), t => { markIn = Math.round(Math.min(t, markOut === null ? t : markOut - 0.1) * 1000) / 1000; showMark(); });
  draggable($("handle-out"), t => { markOut = Math.round(Math.max(t, markIn === null ? t : markIn + 0.1) * 1000) / 1000; showMark(); });

  // ---- cutting -------------------------------------------------------------------------
  function askLabel() {
    if (markIn === null || markOut === null || markOut <= markIn) {
      $("cut-status").textContent = "Mark IN (i) and OUT (o) first.";
      return;
    }
    player.pause();
    $("label").value = `${lesson.summary.label} ${time(Math.floor(markIn))}-${time(Math.floor(markOut))}`;
    $("label-dialog").showModal();
    $("label").select();
  }

  async function cut(label) {
    const status = $("cut-status"), progress = $("cut-progress");
    status.textContent = "Cutting " + label + "…";
    status.className = "status";
    let job;
    try {
      job = await api("/api/lessons/" + lessonID + "/cuts", {method: "POST", body: {start: markIn, end: markOut, label}});
    } catch (error) {
      status.textContent = "Not cut: " + error.message;
      status.className = "status error";
      return;
    }
    progress.hidden = false; progress.value = 0;
    const events = new EventSource(mediaURL("/api/jobs/" + job.id + "/events"));
    events.onmessage = async message => {
      const state = JSON.parse(message.data);
      progress.value = state.progress;
      if (state.state === "running") return;
      events.close();
      progress.hidden = true;
      if (state.state === "done") {
        status.textContent = `Cut ${state.label}: ${time(state.start)}–${time(state.end)} (${long(state.end - state.start)}).`
          + (state.message ? " " + state.message : "");
        status.className = "status ok";
        status.dataset.clipId = state.clipID;
        await load();
      } else {
        status.textContent = "Not cut: " + state.message;
        status.className = "status error";
      }
    };
    events.onerror = () => { events.close(); progress.hidden = true; };
  }

  $("cut").addEventListener("click", askLabel);
  $("label-form").addEventListener("submit", event => {
    event.preventDefault();
    const label = $("label").value.trim();
    $("label-dialog").close();
    cut(label);
  });
  $("label-cancel").addEventListener("click", () => $("label-dialog").close());

  // ---- scoring -------------------------------------------------------------------------
  function targetClip() {
    const value = $("target").value;
    return value === "lesson" ? null : lesson.clips.find(c => String(c.id) === value) || null;
  }

  function targets() {
    const previous = $("target").value;
    const options = [element("option", {value: "lesson", text: "the lesson (segment scores at the playhead)"})];
    for (const c of lesson.clips.filter(c => c.reviewURL && c.start !== null)) {
      options.push(element("option", {value: String(c.id), text: `clip ${c.label} (${time(c.start)}–${time(c.end)})`}));
    }
    $("target").replaceChildren(...options);
    if ([...$("target").options].some(o => o.value === previous)) $("target").value = previous;
    codes();
  }

  function scaleOf(code) { return codebook.scales.find(s => s.id === code.scale); }

  function codes() {
    const previous = $("code").value;
    const usable = codebook.codes.filter(c => targetClip() === null || c.level === "segment");
    $("code").replaceChildren(...usable.map(c => element("option", {value: c.id, text: c.name + (c.level === "lesson" ? " (whole lesson)" : "")})));
    if (usable.some(c => c.id === previous)) $("code").value = previous;
    scorePoints();
  }

  function scorePoints() {
    const code = codebook.codes.find(c => c.id === $("code").value);
    const points = code ? scaleOf(code).points : [];
    $("max-key").textContent = String(points.length);
    if (!points.some(p => p.id === chosenScore)) chosenScore = null;
    $("scores").replaceChildren(...points.map((point, index) =>
      element("button", {type: "button", role: "radio", class: "score-choice" + (point.id === chosenScore ? " chosen" : ""),
                         "aria-checked": point.id === chosenScore ? "true" : "false", onclick: () => choose(point.id)},
        element("kbd", {text: String(index + 1)}), " " + point.label)));
  }

  function choose(id) { chosenScore = id; scorePoints(); }

  function showMoments() {
    $("moments").replaceChildren(...moments.map((t, index) =>
      element("button", {type: "button", class: "chip", title: "remove", "aria-label": "remove moment at " + time(t),
                         onclick: () => { moments.splice(index, 1); showMoments(); }}, time(t) + " ×")));
  }

  async function save(event) {
    event.preventDefault();
    const status = $("score-status");
    const code = codebook.codes.find(c => c.id === $("code").value);
    const rater = $("person").value.trim();
    if (!rater) { status.textContent = "Give your name first."; $("person").focus(); return; }
    if (!code || !chosenScore) { status.textContent = "Choose a code and a score point (keys 1…" + $("max-key").textContent + ")."; return; }
    localStorage.setItem("clipcoach-person", rater);
    const clip = targetClip();
    const body = {code: code.id, score: chosenScore, rater, note: $("note").value || undefined};
    try {
      if (clip === null) {
        const at = moments.length ? moments[0] : player.currentTime;
        if (code.level === "segment") {
          const segment = lesson.segments.find(s => at >= s.start && at < s.end) || lesson.segments[lesson.segments.length - 1];
          body.segment = segment.number;
        }
        body.evidence = moments.map(t => ({time: t}));
        body.revision = lesson.revision;
        await api("/api/clips/" + lessonID + "/annotations", {method: "POST", body});
      } else {
        // Lesson time -> the clip's own time (0 = the clip's first frame), to the millisecond.
        const outside = moments.filter(t => t < clip.start || t > clip.end);
        if (outside.length) { status.textContent = "Moment " + time(outside[0]) + " is outside this clip."; return; }
        body.evidence = moments.map(t => ({time: Math.round((t - clip.start) * 1000) / 1000}));
        body.revision = (await api("/api/clips/" + clip.id)).revision;
        await api("/api/clips/" + clip.id + "/annotations", {method: "POST", body});
      }
      status.textContent = "Saved " + code.id + " " + chosenScore + (clip ? " to clip " + clip.label : " to the lesson") + ".";
      status.className = "status ok";
      moments = []; chosenScore = null; $("note").value = "";
      showMoments();
      await load();
    } catch (error) {
      status.className = "status error";
      status.textContent = error instanceof APIError && error.status === 409
        ? "Someone saved this lesson meanwhile: the page now shows their version; save again." : "Not saved: " + error.message;
      if (error.status === 409) await load();
    }
  }

  $("target").addEventListener("change", codes);
  $("code").addEventListener("change", scorePoints);
  $("score-form").addEventListener("submit", save);
  $("person").value = localStorage.getItem("clipcoach-person") || "";

  // ---- player and keys -----------------------------------------------------------------
  function playhead() {
    $("now").textContent = time(player.currentTime);
    $("playhead").style.left = `calc(var(--lane-name) + (100% - var(--lane-name)) * ${player.currentTime / duration()})`;
  }
  player.addEventListener("timeupdate", playhead);
  player.addEventListener("seeked", playhead);
  player.addEventListener("loadedmetadata", () => {
    $("length").textContent = time(duration());
    if (lesson) { lanes(); showMark(); }  // else load() draws them when the lesson's facts arrive
  });

  document.addEventListener("keydown", event => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || $("label-dialog").open) return;
    const key = event.key;
    const actions = {
      " ": () => (player.paused ? player.play() : player.pause()),
      k: () => (player.paused ? player.play() : player.pause()),
      j: () => seek(player.currentTime - 5),
      l: () => seek(player.currentTime + 5),
      ",": () => { player.pause(); seek(player.currentTime - FRAME); },
      ".": () => { player.pause(); seek(player.currentTime + FRAME); },
      i: () => setIn(player.currentTime),
      o: () => setOut(player.currentTime),
      c: askLabel,
      m: () => { moments.push(Math.round(player.currentTime * 1000) / 1000); showMoments(); },
    };
    if (actions[key]) {
      event.preventDefault();
      actions[key]();
      return;
    }
    const digit = Number(key);
    const code = codebook && codebook.codes.find(c => c.id === $("code").value);
    if (code && Number.isInteger(digit) && digit >= 1) {
      const points = scaleOf(code).points;
      if (digit <= points.length) { event.preventDefault(); choose(points[digit - 1].id); }
    }
  });

  // The player asks for the lesson's first bytes (and its index) while the lesson's facts
  // load: the page is usable as soon as both are there, not one after the other.
  if (Number.isInteger(lessonID) && lessonID > 0) player.src = mediaURL("/api/lessons/" + lessonID + "/media");
  load().then(loadKeyframes);
})();
