// Who has a page open in the editor. While the page is open it tells the server so every
// few seconds (the server forgets an editor it has not heard from for three beats) and
// shows who else has it open; when the browser leaves the page for anywhere but the page's
// own forms, a beacon says this editor has gone.
const box = document.querySelector("[data-presence-url]");
if (box) {
  const token = document.querySelector("input[name=csrf_token]").value;
  const ownPath = box.dataset.pagePath;
  let shown = box.dataset.others; // the names the page came with, one a line
  let staying = false;

  const warning = (name) => {
    const div = document.createElement("div");
    div.className = "govuk-warning-text";
    const icon = document.createElement("span");
    icon.className = "govuk-warning-text__icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "!";
    const text = document.createElement("strong");
    text.className = "govuk-warning-text__text";
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = "Warning";
    text.append(hidden, ` ${name} also has this page open. Talk to them before you save, or one of you will overwrite the other.`);
    div.append(icon, text);
    return div;
  };

  const show = (names) => {
    const key = names.join("\n");
    if (key === shown) {
      return; // unchanged: say nothing new to a screen reader
    }
    shown = key;
    box.replaceChildren(...names.map(warning));
  };

  let timer = null;
  const beat = async () => {
    const body = new URLSearchParams({ csrf_token: token });
    let response;
    try {
      response = await fetch(box.dataset.presenceUrl, { method: "POST", body, credentials: "same-origin" });
    } catch {
      return; // offline for a moment: the next beat tries again
    }
    if (response.ok && (response.headers.get("Content-Type") || "").startsWith("application/json")) {
      show((await response.json()).others);
    } else {
      clearInterval(timer); // signed out (the session ended) or refused: stop saying we are here
    }
  };

  timer = setInterval(beat, Number(box.dataset.heartbeat) * 1000);
  document.addEventListener("submit", (event) => {
    const action = event.submitter?.getAttribute("formaction") || event.target.getAttribute("action") || "";
    const path = new URL(action, document.baseURI).pathname;
    // Saving, publishing or uploading comes back to this page; closing says so itself.
    staying = path === ownPath || path.startsWith(`${ownPath}/`);
  });
  window.addEventListener("pagehide", () => {
    if (!staying) {
      navigator.sendBeacon(box.dataset.closeUrl, new URLSearchParams({ csrf_token: token, beacon: "1" }));
    }
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      staying = false;
      beat(); // back from the browser's cache: open again
    }
  });
}
