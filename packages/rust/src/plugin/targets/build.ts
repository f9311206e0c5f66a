import type { CargoTargetSpec } from './cargo-target';

export const build: CargoTargetSpec = {
  kind: 'build',
  subcommand: 'build',
  description: 'Compile the crate and the workspace crates it depends on (cargo build)',
  args: [],
  cache: true,
  profiles: true,
};
