import type { CargoTargetSpec } from './cargo-target';

export const fmt: CargoTargetSpec = {
  kind: 'fmt',
  subcommand: 'fmt',
  description: 'Check formatting with rustfmt',
  args: ['--check'],
  cache: true,
  profiles: false,
};
