import type { CargoTargetSpec } from './cargo-target';

export const test: CargoTargetSpec = {
  kind: 'test',
  subcommand: 'test',
  description: 'Run unit, integration and doc tests',
  args: [],
  cache: true,
  profiles: true,
};
