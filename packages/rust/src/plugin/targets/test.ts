import { CRATE_READS, CRATE_SOURCES, DEPENDENCIES, dependentInputs, testHarnessEnv } from '../inputs';
import type { TargetSpec } from './spec';

export const test: TargetSpec = {
  kind: 'test',
  subcommand: 'test',
  description: 'Run unit, integration and doc tests',
  args: () => [],
  cache: true,
  // Every file of the crate (tests may read any) and what it reads outside its folder.
  inputs: { scope: 'shared', named: (gate) => dependentInputs([CRATE_SOURCES, CRATE_READS], gate, testHarnessEnv()), deps: DEPENDENCIES },
  lockGate: true,
  profiles: true,
};
