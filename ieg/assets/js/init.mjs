// Starts GOV.UK Frontend's components (error summary focus, character counts,
// accordions...). A module, so the page needs no inline script and the
// Content-Security-Policy allows scripts from this site only.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
