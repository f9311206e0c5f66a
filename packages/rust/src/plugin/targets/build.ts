import type { CargoTargetSpec } from './cargo-target';

export const build: CargoTargetSpec = {
  kind: 'build',
  subcommand: 'build',
  description: 'Compile the crate',
  args: [],
  cache: true,
  profiles: true,
};
