import { CRATE_READS, CRATE_SOURCES, dependentInputs, testHarnessEnv } from '../inputs';
import type { TargetSpec } from './spec';

export const test: TargetSpec = {
  kind: 'test',
  subcommand: 'test',
  description: 'Run unit, integration and doc tests',
  args: () => [],
  cache: true,
  // Every file of the crate (tests may read any) and what it reads outside its folder.
  inputs: { scope: 'shared', of: (gate) => dependentInputs([CRATE_SOURCES, CRATE_READS], gate, testHarnessEnv()) },
  lockGate: true,
  profiles: true,
};
