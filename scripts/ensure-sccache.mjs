#!/usr/bin/env node
// A compiler cache for the end-to-end test that builds through RUSTC_WRAPPER=sccache.
//
// Usage: node scripts/ensure-sccache.mjs
//
// Looks for `sccache` on PATH, or the one named by SCCACHE_BIN. When there is none, installs
// Debian's `sccache` package (apt-get; as root, else `sudo -n`), so that a fresh CI machine gets
// it. Only the e2e tests need it; the plugin never starts sccache (cargo does, through
// RUSTC_WRAPPER).
//
// Output: progress on stderr; the LAST line on stdout is always `SCCACHE=<absolute path>`.
// Exits 1 when sccache can be neither found nor installed. Idempotent: with sccache present it
// installs nothing and returns at once. Processes are spawned with argument arrays only.

import { aptInstall, findProgram } from './debian-packages.mjs';

const PACKAGE = 'sccache';

const log = (msg) => process.stderr.write(`[ensure-sccache] ${msg}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

const findSccache = () => findProgram('SCCACHE_BIN', ['sccache'], fail);

function install() {
  log(`no sccache on PATH: installing Debian's ${PACKAGE} package`);
  aptInstall([PACKAGE], { log, fail, hint: 'install sccache by hand or set SCCACHE_BIN' });
}

let sccache = findSccache();
if (sccache) {
  log(`found ${sccache}`);
} else {
  install();
  sccache = findSccache();
  if (!sccache) fail(`the ${PACKAGE} package is installed but no sccache is on PATH`);
  log(`installed ${sccache} in ${elapsed()}`);
}
process.stdout.write(`SCCACHE=${sccache}\n`);
