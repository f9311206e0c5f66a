// The main job, as a newcomer runs it: build the plugin, let cargo reach the crates the example
// systems use (Debian's packaged crates when crates.io is out of reach), then build chaos_engine
// through Nx in the example workspace (examples/systems, registered in this repo's nx.json).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? 'chaos_engine';

function run(file, args, env = process.env) {
  const r = spawnSync(file, args, { cwd: repoRoot, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', 'build']);
const setup = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'offline-crates.mjs')], {
  cwd: repoRoot,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
});
if (setup.status !== 0) process.exit(setup.status ?? 1);
const cargoHome = /^CARGO_HOME=(.*)$/m.exec(setup.stdout.trim().split('\n').pop() ?? '')?.[1];
if (cargoHome) {
  // The same source replacement as project configuration of the example workspace (ignored by
  // git), so that plain `npx nx …` at the repo root works on it afterwards too.
  const dir = path.join(repoRoot, 'examples', 'systems', '.cargo');
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(cargoHome, 'config.toml'), path.join(dir, 'config.toml'));
}
run('npx', ['nx', 'build', target], { ...process.env, NX_DAEMON: 'false' });
