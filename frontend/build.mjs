// Builds firstyear's committed static assets from the pinned npm packages.
//
//   cd frontend && npm ci && npm run build      (or `make assets`)
//
// Writes (and first clears) these build-owned folders:
//   src/firstyear/web/static/firstyear/   our CSS, JS entry point, icons, web manifest
//   src/firstyear/web/static/govuk/       GOV.UK Frontend's JavaScript, unmodified
// and copies axe-core's built file to tests/browser/vendor/axe.min.js.
//
// The output is deterministic: running it twice gives identical files, so
// `git diff --exit-code` after a build shows whether the committed assets are current.
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

import { writeIcons } from "./scripts/icons.mjs";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const staticDir = join(repo, "src", "firstyear", "web", "static");
const outFirstyear = join(staticDir, "firstyear");
const outGovuk = join(staticDir, "govuk");
const axeOut = join(repo, "tests", "browser", "vendor", "axe.min.js");

const govukPkgDir = dirname(require.resolve("govuk-frontend/package.json"));
const govukDist = join(govukPkgDir, "dist", "govuk");
const govukVersion = JSON.parse(readFileSync(join(govukPkgDir, "package.json"), "utf8")).version;
const axeDir = dirname(require.resolve("axe-core/package.json"));
const axeVersion = JSON.parse(readFileSync(join(axeDir, "package.json"), "utf8")).version;

function log(path, what) {
  console.log(`  ${relative(repo, path)}  ${what}`);
}

function fail(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

rmSync(outFirstyear, { recursive: true, force: true });
rmSync(outGovuk, { recursive: true, force: true });
mkdirSync(outFirstyear, { recursive: true });
mkdirSync(outGovuk, { recursive: true });

// 1. CSS: GOV.UK Frontend + ours, compressed, no source map (it would point
//    into node_modules, which is not deployed).
const result = sass.compile(join(here, "src", "firstyear.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  sourceMap: false,
  // No BOM from Sass: it would land after our banner comment and silently
  // invalidate the first rule (GOV.UK's breakpoint custom properties, which
  // the service navigation's JavaScript reads). We write @charset ourselves.
  charset: false,
});
const css = `@charset "UTF-8";/*! firstyear, with GOV.UK Frontend v${govukVersion} (MIT licence, see ../govuk/LICENSE.txt) */\n${result.css}\n`;
if (css.includes("\uFEFF")) fail("the CSS contains a byte order mark");
if (!css.includes(":root{--govuk-breakpoint-mobile:")) fail("GOV.UK's breakpoint custom properties are missing");

// Guard rails: these must never reach the built CSS.
if (/GDS Transport/i.test(css)) fail("the CSS mentions GDS Transport");
if (/@font-face/i.test(css)) fail("the CSS declares a @font-face");
// (Class names such as .govuk-footer__crown stay; no crown or crest image is referenced.)
if (/crest\.svg|crown\.svg|govuk-icon/i.test(css)) fail("the CSS references a GOV.UK crest, crown or icon image");
const urls = [...css.matchAll(/url\(\s*["']?(?!data:)([^"')]+)/g)].map((m) => m[1]);
if (urls.length) fail(`the CSS references files (${urls.join(", ")}); add them to the build or remove them`);

const cssPath = join(outFirstyear, "firstyear.min.css");
writeFileSync(cssPath, css);
log(cssPath, `${(css.length / 1024).toFixed(0)} KiB`);

// 2. JavaScript: GOV.UK Frontend's ES module bundle byte for byte (its source
//    map too: the file ends with a sourceMappingURL comment, which
//    ManifestStaticFilesStorage resolves), plus our module entry points.
for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(join(govukDist, name), join(outGovuk, name));
  log(join(outGovuk, name), `GOV.UK Frontend v${govukVersion}`);
}
writeFileSync(
  join(outGovuk, "LICENSE.txt"),
  `GOV.UK Frontend v${govukVersion}, copied unmodified from the govuk-frontend npm package.

The MIT License (MIT)

Copyright (c) Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

GOV.UK Frontend's fonts and images (GDS Transport, the crown and crest, GOV.UK
favicons) are not included: they are reserved for GOV.UK.
`,
);

const jsSrc = join(here, "src", "js");
for (const name of readdirSync(jsSrc).sort()) {
  copyFileSync(join(jsSrc, name), join(outFirstyear, name));
  log(join(outFirstyear, name), "ours");
}

// 3. Icons and web app manifest, drawn from one definition (scripts/icons.mjs).
for (const path of writeIcons(join(outFirstyear, "images"), outFirstyear)) {
  log(path, "icon");
}

// 4. axe-core for the browser accessibility tests, with its licence header.
const axe = readFileSync(join(axeDir, "axe.min.js"), "utf8");
if (!axe.startsWith("/*! axe v")) fail("axe.min.js no longer starts with its licence header");
mkdirSync(dirname(axeOut), { recursive: true });
writeFileSync(axeOut, axe);
log(axeOut, `axe-core v${axeVersion}`);

console.log(`built with govuk-frontend ${govukVersion}, sass ${sass.info.split("\t")[1]}, axe-core ${axeVersion}`);
