import { CRATE_READS, CRATE_SOURCES, DEPENDENCIES, dependentInputs, testHarnessEnv } from '../inputs';
import type { TargetSpec } from './spec';

/** Crates with benches; timings are the point of a bench run, so it is never cached. */
export const bench: TargetSpec = {
  kind: 'bench',
  subcommand: 'bench',
  description: 'Run the benchmarks',
  applies: (crate) => crate.targets.some((t) => t.kind === 'bench'),
  args: () => [],
  cache: false,
  // As test's (unused while never cached).
  inputs: { scope: 'shared', named: (gate) => dependentInputs([CRATE_SOURCES, CRATE_READS], gate, testHarnessEnv()), deps: DEPENDENCIES },
  lockGate: true,
  profiles: true,
};
