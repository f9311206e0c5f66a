import type { Crate } from '../../cargo';
import type { CargoTargetSpec } from './cargo-target';

/**
 * Crates with a binary; never cached. With several binaries, `default-run` picks one (cargo's own
 * rule), else the one named after the crate, else the first; program arguments follow `--`.
 */
export function run(crate: Crate): CargoTargetSpec | undefined {
  const bins = crate.targets.filter((t) => t.kind === 'bin');
  if (bins.length === 0) return undefined;
  const bin = crate.defaultRun ?? (bins.find((b) => b.name === crate.name) ?? bins[0]).name;
  return {
    kind: 'run',
    subcommand: 'run',
    description: `Run ${bin}; program arguments go after --`,
    args: ['--bin', bin],
    trailing: ['--'],
    cache: false,
    profiles: true,
  };
}
