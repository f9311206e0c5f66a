import type { CargoTargetSpec } from './cargo-target';

export const fmt: CargoTargetSpec = {
  kind: 'fmt',
  subcommand: 'fmt',
  description: 'Check that the crate is formatted with rustfmt (cargo fmt --check)',
  args: ['--check'],
  cache: true,
  profiles: false,
};
