// Live preview in the page editor: sends the Markdown to /edit/preview (the same
// renderer and sanitiser as saving) and shows the result, at most every 400 ms.
const body = document.querySelector("[data-preview-target]");
if (body) {
  const target = document.getElementById(body.dataset.previewTarget);
  const token = body.form.querySelector("input[name=csrf_token]").value;
  let timer = null;
  const refresh = async () => {
    const data = new URLSearchParams({ body: body.value, csrf_token: token });
    const response = await fetch(body.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" });
    if (response.ok) {
      target.innerHTML = (await response.json()).html;
    }
  };
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
}
