// Starts GOV.UK Frontend's components (error summary focus, character counts,
// accordions...). Loaded as a module so no inline script is needed and the
// Content-Security-Policy can forbid inline scripts.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
