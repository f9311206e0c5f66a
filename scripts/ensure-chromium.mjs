#!/usr/bin/env node
// A headless browser for the end-to-end test that opens the metrics report.
//
// Usage: node scripts/ensure-chromium.mjs
//
// Looks for a Chromium or Chrome on PATH (`chromium`, `chromium-browser`, `google-chrome`,
// `google-chrome-stable`), or the one named by CHROMIUM_BIN. When there is none, installs
// Debian's `chromium` package (apt-get; as root, else `sudo -n`), so that a fresh CI machine
// gets it. Only the e2e tests need it; the plugin never starts a browser.
//
// Output: progress on stderr; the LAST line on stdout is always `CHROMIUM=<absolute path>`.
// Exits 1 when no browser can be found or installed. Idempotent: with a browser present it
// installs nothing and returns at once. Processes are spawned with argument arrays only.

import { aptInstall, findProgram } from './debian-packages.mjs';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const PACKAGE = 'chromium';

const log = (msg) => process.stderr.write(`[ensure-chromium] ${msg}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

const findBrowser = () => findProgram('CHROMIUM_BIN', CANDIDATES, fail);

function install() {
  log(`no Chromium on PATH: installing Debian's ${PACKAGE} package`);
  aptInstall([PACKAGE], { log, fail, hint: 'install a Chromium by hand or set CHROMIUM_BIN' });
}

let browser = findBrowser();
if (browser) {
  log(`found ${browser}`);
} else {
  install();
  browser = findBrowser();
  if (!browser) fail(`the ${PACKAGE} package is installed but no browser is on PATH`);
  log(`installed ${browser} in ${elapsed()}`);
}
process.stdout.write(`CHROMIUM=${browser}\n`);
