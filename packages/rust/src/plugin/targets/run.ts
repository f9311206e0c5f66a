import type { Crate } from '../../cargo';
import type { TargetSpec } from './spec';

/**
 * The binary `run` starts: `default-run` (cargo's own rule), else the one named after the crate,
 * else the first.
 */
export function defaultBinary(crate: Crate): string | undefined {
  const bins = crate.targets.filter((t) => t.kind === 'bin');
  return crate.defaultRun ?? (bins.find((b) => b.name === crate.name) ?? bins[0])?.name;
}

/**
 * Crates with a binary; never cached, never batched (the program gets the terminal, stdin
 * included). Program arguments follow `--` on the command line.
 */
export const run: TargetSpec = {
  kind: 'run',
  subcommand: 'run',
  description: "Run the crate's binary; program arguments go after --",
  applies: (crate) => defaultBinary(crate) !== undefined,
  args: (crate) => ['--bin', defaultBinary(crate)!],
  cache: false,
  lockGate: false,
  profiles: true,
  alone: true,
};
