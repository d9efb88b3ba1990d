// Starts GOV.UK Frontend's components (menu toggle, error summary focus,
// notification banners, radios and checkboxes, …) on every page.
//
// Loaded by base.html as <script type="module">, so browsers without ES module
// support never run it and get the plain HTML pages, which work without
// JavaScript. initAll() does nothing unless base.html's one-line inline script
// has set `govuk-frontend-supported` on <body>.
//
// The relative import resolves to the unhashed copy that collectstatic keeps
// beside the hashed one (see docs/frontend.md, "Static files in production").
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
