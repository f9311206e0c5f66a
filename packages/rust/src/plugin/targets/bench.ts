import type { Crate } from '../../cargo';
import type { CargoTargetSpec } from './cargo-target';

/** Crates with benches; timings are the point of a bench run, so it is never cached. */
export function bench(crate: Crate): CargoTargetSpec | undefined {
  if (!crate.targets.some((t) => t.kind === 'bench')) return undefined;
  return {
    kind: 'bench',
    subcommand: 'bench',
    description: 'Run the benchmarks',
    args: [],
    cache: false,
    profiles: true,
  };
}
