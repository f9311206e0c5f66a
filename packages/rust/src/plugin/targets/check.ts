import { CRATE_ALL_TARGETS, dependentInputs } from '../inputs';
import type { TargetSpec } from './spec';

export const check: TargetSpec = {
  kind: 'check',
  subcommand: 'check',
  description: 'Type-check all targets of the crate',
  args: () => ['--all-targets'],
  cache: true,
  // What compiling all its targets reads.
  inputs: { scope: 'shared', of: (gate) => dependentInputs([CRATE_ALL_TARGETS], gate) },
  lockGate: true,
  profiles: true,
};
