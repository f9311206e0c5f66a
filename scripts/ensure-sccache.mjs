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

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE = 'sccache';

const log = (msg) => process.stderr.write(`[ensure-sccache] ${msg}\n`);
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

function findSccache() {
  const named = process.env.SCCACHE_BIN;
  if (named) {
    const file = path.isAbsolute(named) ? named : onPath(named);
    if (!file || !fs.existsSync(file)) fail(`SCCACHE_BIN=${named} names no executable`);
    return file;
  }
  return onPath('sccache');
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
  if (r.error) fail(`${cmd} could not run (${r.error.code}); install sccache by hand or set SCCACHE_BIN`);
  return r.status === 0;
}

function hasCandidate() {
  const r = spawnSync('apt-cache', ['policy', PACKAGE], { encoding: 'utf8' });
  return !r.error && r.stdout.includes(`${PACKAGE}:`) && !/Candidate: \(none\)/.test(r.stdout);
}

function install() {
  log(`no sccache on PATH: installing Debian's ${PACKAGE} package`);
  // Wait for another apt/dpkg run instead of failing; recommends are not needed.
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
