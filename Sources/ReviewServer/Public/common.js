"use strict";
// Shared by the list and clip pages: the API, time formats, small DOM helpers.
// A server with a token is opened once as /?token=T: it answers with a session cookie
// (HttpOnly, SameSite=Strict) and the same address without the token, so these scripts never
// hold the token and no URL or <video src> carries it.

const ClipCoach = (() => {

  class APIError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method: options.method || "GET",
      credentials: "same-origin",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
    if (!response.ok) {
      const message = data && data.error ? data.error.message : response.status + " " + response.statusText;
      throw new APIError(response.status, message);
    }
    return data;
  }

  // Media and posters load through <video src> / <img src> with the session cookie.
  function mediaURL(path) {
    return path;
  }

  function time(seconds) {
    const whole = Math.max(0, seconds);
    const m = Math.floor(whole / 60), s = Math.floor(whole % 60);
    const h = Math.floor(m / 60);
    const tenths = Math.floor((whole * 10) % 10);
    const mm = h ? String(m % 60).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0") + (tenths ? "." + tenths : "");
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      // Through the CSSOM: the Content-Security-Policy refuses inline style attributes.
      else if (key === "style") node.style.cssText = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const stateLabels = {draft: "draft", submitted: "submitted", accepted: "accepted", changesRequested: "changes requested"};

  function stateBadge(state) {
    return element("span", {class: "state state-" + state, text: stateLabels[state] || state});
  }

  return {api, mediaURL, time, element, stateBadge, stateLabels, APIError};
})();
