import type { TargetSpec } from './spec';

export const test: TargetSpec = {
  kind: 'test',
  subcommand: 'test',
  description: 'Run unit, integration and doc tests',
  args: () => [],
  cache: true,
  profiles: true,
};
