import type { CargoTargetSpec } from './cargo-target';

export const check: CargoTargetSpec = {
  kind: 'check',
  subcommand: 'check',
  description: 'Type-check all targets of the crate',
  args: ['--all-targets'],
  cache: true,
  profiles: true,
};
