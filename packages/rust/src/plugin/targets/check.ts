import { CRATE_ALL_TARGETS, DEPENDENCIES, dependentInputs } from '../inputs';
import type { TargetSpec } from './spec';

export const check: TargetSpec = {
  kind: 'check',
  subcommand: 'check',
  description: 'Type-check all targets of the crate',
  args: () => ['--all-targets'],
  cache: true,
  // What compiling all its targets reads.
  inputs: { scope: 'shared', named: (gate) => dependentInputs([CRATE_ALL_TARGETS], gate), deps: DEPENDENCIES },
  lockGate: true,
  profiles: true,
};
