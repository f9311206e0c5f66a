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

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const PACKAGE = 'chromium';

const log = (msg) => process.stderr.write(`[ensure-chromium] ${msg}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function findBrowser() {
  const named = process.env.CHROMIUM_BIN;
  if (named) {
    const file = path.isAbsolute(named) ? named : onPath(named);
    if (!file || !fs.existsSync(file)) fail(`CHROMIUM_BIN=${named} names no executable`);
    return file;
  }
  for (const name of CANDIDATES) {
    const file = onPath(name);
    if (file) return file;
  }
  return undefined;
}

function apt(args) {
  const asRoot = typeof process.getuid !== 'function' || process.getuid() === 0;
  const [cmd, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  log(`${asRoot ? '' : 'sudo -n '}apt-get ${args.join(' ')}`);
  const r = spawnSync(cmd, argv, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    // apt's progress goes to our stderr: stdout is kept for the result.
    stdio: ['ignore', 2, 2],
  });
  if (r.error) fail(`${cmd} could not run (${r.error.code}); install a Chromium by hand or set CHROMIUM_BIN`);
  return r.status === 0;
}

function hasCandidate() {
  const r = spawnSync('apt-cache', ['policy', PACKAGE], { encoding: 'utf8' });
  return !r.error && r.stdout.includes(`${PACKAGE}:`) && !/Candidate: \(none\)/.test(r.stdout);
}

function install() {
  log(`no Chromium on PATH: installing Debian's ${PACKAGE} package`);
  // Wait for another apt/dpkg run instead of failing; recommends (fonts, drivers) are not needed.
  const args = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', PACKAGE];
  let updated = false;
  if (!hasCandidate()) {
    if (!apt(['update'])) fail('apt-get update failed');
    updated = true;
  }
  let ok = apt(args);
  // Stale package lists can point at .deb files that are gone: refresh once.
  if (!ok && !updated && apt(['update'])) ok = apt(args);
  if (!ok) fail(`apt-get install failed; install by hand: apt-get install ${PACKAGE}`);
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
