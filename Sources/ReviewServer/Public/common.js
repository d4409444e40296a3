"use strict";
// Shared by the list and clip pages: the API with the token, time formats, small DOM helpers.

const ClipCoach = (() => {
  const params = new URLSearchParams(location.search);
  // A token given once in the address (?token=...) is kept for this browser tab.
  if (params.get("token")) sessionStorage.setItem("clipcoach-token", params.get("token"));
  const token = sessionStorage.getItem("clipcoach-token") || "";

  class APIError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    if (token) headers["Authorization"] = "Bearer " + token;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method: options.method || "GET",
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

  // Media and posters load through <video src> / <img src>, which cannot send headers.
  function mediaURL(path) {
    return token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
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
