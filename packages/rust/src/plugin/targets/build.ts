import type { TargetSpec } from './spec';

export const build: TargetSpec = {
  kind: 'build',
  subcommand: 'build',
  description: 'Compile the crate',
  args: () => [],
  cache: true,
  // The final artifacts cargo reports (binaries, C libraries), copied there by the executor.
  outputs: (_crate, _ws, project) => [`{workspaceRoot}/dist/target/{options.profile}/${project}`],
  profiles: true,
};
