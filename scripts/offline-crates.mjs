#!/usr/bin/env node
// Offline crate sources for this repo's tests and examples.
//
// Usage: node scripts/offline-crates.mjs [CARGO_HOME_DIR]
//        (default CARGO_HOME_DIR: <repo>/tmp/cargo-home; tmp/ is gitignored)
//
// Why: the Rust crates that @ms/rust generates depend on `clap` 4 (with the
// `derive` feature) and `criterion` 0.3 (benches). Some machines (this
// project's CI among them) cannot reach crates.io, so `cargo build` there
// fails on the first dependency. Debian packages those crates' sources
// (librust-*-dev, installed under /usr/share/cargo/registry), and cargo can
// use them in place of crates.io through *source replacement*. Source
// replacement can only be configured by a `[source]` table in a config file
// (environment variables cannot express it), so this script writes a
// `config.toml` into a dedicated CARGO_HOME folder that the tests/commands
// then run with. The product itself never assumes Debian's paths: this is
// setup for this repository only.
//
// What it does:
//   1. Asks cargo itself whether crates.io can be reached (a throwaway
//      manifest, `cargo generate-lockfile`, no retries, short timeout). If
//      so, it writes nothing and prints an empty `CARGO_HOME=` line: keep
//      whatever CARGO_HOME you already have.
//   2. Otherwise installs the Debian packages (skipped when dpkg already
//      has them), writes <dir>/config.toml and prints `CARGO_HOME=<dir>`.
//
// Output: progress on stderr; the LAST line on stdout is always
// `CARGO_HOME=<absolute dir>` or `CARGO_HOME=` (empty: leave it unset).
// Idempotent: a second run rewrites nothing and takes well under 2 s.
// Processes are spawned with argument arrays only, never through a shell.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './debian-packages.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Where Debian's librust-*-dev packages put crate sources (with the
// .cargo-checksum.json files that a cargo "directory" source needs).
const DEBIAN_REGISTRY = '/usr/share/cargo/registry';

// Real (not virtual) package names, so that `dpkg-query` can check them.
// librust-clap-dev (4.0.32) already depends on librust-clap-derive-dev, which
// is what clap's `derive` feature needs; it is listed for clarity. Debian
// ships every feature of clap 4.0 and criterion 0.3 in these packages (the
// `librust-clap+derive-dev`-style names are only virtual "Provides").
// librust-criterion-dev (0.3.6) pulls all of criterion's dependencies
// (plotters, serde, rayon, csv, tinytemplate, clap 2, ...).
const PACKAGES = ['librust-clap-dev', 'librust-clap-derive-dev', 'librust-criterion-dev'];

const PROBE_TIMEOUT_MS = 15_000;

const log = (msg) => process.stderr.write(`[offline-crates] ${msg}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

// ---------------------------------------------------------------------------
// 1. Is crates.io reachable? Ask cargo to resolve `clap` 4 for a throwaway
//    manifest in a temp folder (outside any workspace). This honours the
//    user's own cargo configuration (e.g. a mirror), names no host, and
//    fails within a second when name resolution fails (as on CI).
// ---------------------------------------------------------------------------
function cratesIoReachable(targetHome) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-crates-probe-'));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'lib.rs'), '');
    fs.writeFileSync(
      path.join(dir, 'Cargo.toml'),
      '[package]\nname = "offline-crates-probe"\nversion = "0.0.0"\nedition = "2021"\n\n' +
        '[dependencies]\nclap = "4"\n',
    );
    const env = { ...process.env, CARGO_NET_RETRY: '0', CARGO_HTTP_TIMEOUT: '10' };
    // If the caller already exported the CARGO_HOME this script writes, probe
    // with the default one instead: ours would "succeed" from Debian's files.
    if (env.CARGO_HOME && path.resolve(env.CARGO_HOME) === targetHome) delete env.CARGO_HOME;
    const r = run('cargo', ['generate-lockfile'], {
      cwd: dir,
      env,
      timeout: PROBE_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    if (r.error && r.error.code === 'ENOENT') fail('cargo is not on PATH');
    return r.status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// 2. Debian packages.
// ---------------------------------------------------------------------------
function missingPackages() {
  // One dpkg-query call for all packages; unknown ones are simply absent
  // from the output (and make dpkg-query exit 1, which is fine here).
  const r = run('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...PACKAGES]);
  if (r.error) fail(`dpkg-query could not run (${r.error.code}): this setup needs Debian/Ubuntu`);
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' install ok installed'))
      .map((l) => l.split(' ')[0]),
  );
  return PACKAGES.filter((p) => !installed.has(p));
}

function ensurePackages() {
  const missing = missingPackages();
  if (missing.length === 0) {
    log(`Debian packages already installed: ${PACKAGES.join(', ')}`);
    return;
  }
  log(`installing Debian packages: ${missing.join(', ')}`);
  aptInstall(missing, { log, fail });
  const still = missingPackages();
  if (still.length) fail(`still not installed: ${still.join(', ')}`);
}

// ---------------------------------------------------------------------------
// 3. The CARGO_HOME folder with source replacement.
// ---------------------------------------------------------------------------
const CONFIG = `# Written by scripts/offline-crates.mjs: crates.io is unreachable here, so
# cargo takes crate sources from Debian's librust-*-dev packages instead.
# Used only by this repository's tests and examples (CARGO_HOME=<this dir>).
[source.crates-io]
replace-with = "debian-packages"

[source.debian-packages]
directory = "${DEBIAN_REGISTRY}"

# Everything is local: fail at once instead of trying the network.
[net]
offline = true
`;

function writeCargoHome(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.toml');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current === CONFIG) {
    log(`${file} is up to date`);
  } else {
    fs.writeFileSync(file, CONFIG);
    log(`wrote ${file}`);
  }
}

// ---------------------------------------------------------------------------
function main() {
  const arg = process.argv[2];
  if (arg === '-h' || arg === '--help') {
    process.stdout.write(
      'usage: node scripts/offline-crates.mjs [CARGO_HOME_DIR]\n' +
        'Prints CARGO_HOME=<dir> (crates.io unreachable: Debian crate sources set up)\n' +
        'or CARGO_HOME= (crates.io reachable: nothing to set) as the last stdout line.\n',
    );
    return;
  }
  const home = path.resolve(arg ?? path.join(repoRoot, 'tmp', 'cargo-home'));

  if (cratesIoReachable(home)) {
    log(`crates.io is reachable: nothing to set up (${elapsed()})`);
    process.stdout.write('CARGO_HOME=\n');
    return;
  }
  log(`crates.io is not reachable: using Debian's packaged crate sources (${elapsed()})`);

  ensurePackages();
  if (!fs.existsSync(DEBIAN_REGISTRY)) fail(`${DEBIAN_REGISTRY} is missing after the install`);
  writeCargoHome(home);

  log(`done in ${elapsed()}`);
  process.stdout.write(`CARGO_HOME=${home}\n`);
}

main();
