import type { CargoTargetSpec } from './cargo-target';

export const test: CargoTargetSpec = {
  kind: 'test',
  subcommand: 'test',
  description: 'Run the unit, integration and doc tests of the crate (cargo test)',
  args: [],
  cache: true,
  profiles: true,
};
