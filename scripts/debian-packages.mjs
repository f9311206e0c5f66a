// Finding a program and installing Debian packages, for the scripts that set up what the tests
// need on a fresh machine (ensure-chromium, ensure-sccache, offline-crates). Processes are
// spawned with argument arrays only.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The executable file `name` on PATH, or undefined. */
export function onPath(name) {
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

/**
 * The program the variable `envName` names (a path, or a name on PATH; `fail` when it names
 * none), else the first of `names` on PATH, else undefined.
 */
export function findProgram(envName, names, fail) {
  const named = process.env[envName];
  if (named) {
    const file = path.isAbsolute(named) ? named : onPath(named);
    if (!file || !fs.existsSync(file)) fail(`${envName}=${named} names no executable`);
    return file;
  }
  for (const name of names) {
    const file = onPath(name);
    if (file) return file;
  }
  return undefined;
}

/**
 * `apt-get install` of `packages` (as root, else `sudo -n`: no password prompt to hang on),
 * refreshing the package lists first when apt knows no candidate for one of them, and once more
 * when the install fails on stale lists. `fail` on any error; `hint` says what to do instead
 * when apt-get cannot run at all.
 */
export function aptInstall(packages, { log, fail, hint = '' }) {
  const apt = (args) => {
    const asRoot = typeof process.getuid !== 'function' || process.getuid() === 0;
    const [cmd, argv] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
    log(`${asRoot ? '' : 'sudo -n '}apt-get ${args.join(' ')}`);
    const r = spawnSync(cmd, argv, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      // apt's progress goes to our stderr: stdout is kept for the result.
      stdio: ['ignore', 2, 2],
    });
    if (r.error) fail(`${cmd} could not run (${r.error.code})${hint ? `; ${hint}` : ''}`);
    return r.status === 0;
  };
  // Wait for another apt/dpkg run (a parallel job) instead of failing; recommends are not needed.
  const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...packages];
  let updated = false;
  if (!hasCandidates(packages)) {
    if (!apt(['update'])) fail('apt-get update failed');
    updated = true;
  }
  let ok = apt(install);
  // Stale package lists can point at .deb files that are gone: refresh once.
  if (!ok && !updated && apt(['update'])) ok = apt(install);
  if (!ok) fail(`apt-get install failed; install by hand: apt-get install ${packages.join(' ')}`);
}

/** apt-cache knows a package only after `apt-get update` ran once on the machine (fresh containers have none). */
function hasCandidates(packages) {
  const r = spawnSync('apt-cache', ['policy', ...packages], { encoding: 'utf8' });
  if (r.error) return false;
  return packages.every((p) => r.stdout.includes(`${p}:`)) && !/Candidate: \(none\)/.test(r.stdout);
}
