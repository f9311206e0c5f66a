// Regenerates examples/systems, the example Cargo workspace of the packaging guide's ten systems
// over shared_core, with the plugin's own generators: `nx g @ms/rust:init`, then
// `nx g @ms/rust:system` once per crate, in a scratch Nx workspace (the generators edit the
// Cargo workspace at the Nx root), whose Cargo workspace is then copied into the repo.
//
//   npm run build && node scripts/make-example.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dest = path.join(repoRoot, 'examples', 'systems');

/** The systems of the packaging guide: name, CLI binary (as the guide names it), purpose. */
const SYSTEMS = [
  ['chaos_engine', 'chaos-cli', 'Fault injection and resilience testing for distributed systems'],
  ['contract_executable_compiler', 'contract-cli', 'DSL compiler for executable smart contracts with formal verification'],
  ['cross_domain_auto_learner', 'learner-cli', 'Adaptive machine learning across heterogeneous domains'],
  ['dynamic_semantic_lattice_engine', 'lattice-cli', 'Semantic reasoning engine with lattice-based inference'],
  ['linux_scalable_cloud_kernel', 'kernel-cli', 'Kernel modules for cloud-scale Linux operations'],
  ['parallel_architecture_framework', 'parallel-cli', 'Distributed computation orchestration with work-stealing'],
  ['symbolic_reduction_modeler', 'symbolic-cli', 'Symbolic computation and algebraic simplification'],
  ['synthetic_pipeline_engine', 'pipeline-cli', 'Data pipeline orchestration with stream processing'],
  ['universal_attestation_authority', 'attestation-cli', 'Cryptographic attestation service with TPM integration'],
  ['cross_domain_autoblocker_ledger', 'autoblocker-cli', 'Distributed security event ledger with Byzantine consensus'],
];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ms-rust-example-'));
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = (...args) => {
  process.stderr.write(`> nx ${args.join(' ')}\n`);
  const r = spawnSync('npx', ['nx', ...args, '--no-interactive'], { cwd: scratch, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed`);
};

try {
  writeFileSync(path.join(scratch, 'package.json'), '{ "name": "systems", "private": true }\n');
  writeFileSync(path.join(scratch, 'nx.json'), '{}\n');
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  nx('g', '@ms/rust:init');
  nx('g', '@ms/rust:system', 'shared_core', '--cli=false', '--bench=false', '--description=Common infrastructure used by all systems');
  for (const [name, cli, purpose] of SYSTEMS) {
    nx('g', '@ms/rust:system', name, '--deps=shared_core', `--cliName=${cli}`, `--description=${purpose}`);
  }
  rmSync(dest, { recursive: true, force: true });
  for (const entry of ['Cargo.toml', 'crates']) cpSync(path.join(scratch, entry), path.join(dest, entry), { recursive: true });
  process.stderr.write(`examples/systems regenerated (${SYSTEMS.length + 1} crates)\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
