import type { CargoTargetSpec } from './cargo-target';

export const check: CargoTargetSpec = {
  kind: 'check',
  subcommand: 'check',
  description: 'Type-check every target of the crate, tests and examples included (cargo check --all-targets)',
  args: ['--all-targets'],
  cache: true,
  profiles: true,
};
