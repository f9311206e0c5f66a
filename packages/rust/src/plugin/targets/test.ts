import { CRATE_READS, CRATE_SOURCES, CRATE_UNIT_EXCLUDES, DEPENDENCIES, dependentInputs, testHarnessEnv, type Input } from '../inputs';
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

/** `TEST_UNIT_INPUTS`: test's shared inputs without the Rust files only integration tests, benches and examples compile. */
export const testUnitNamedInputs = (gate: Input[]): Input[] => dependentInputs([CRATE_SOURCES, CRATE_UNIT_EXCLUDES, CRATE_READS], gate, testHarnessEnv());
