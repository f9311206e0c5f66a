import type { Crate } from '../../cargo';
import type { TargetSpec } from './spec';

const libOf = (crate: Crate) => crate.targets.find((t) => t.kind === 'lib');

/** Libraries only; caches the crate's own folder of the generated docs. */
export const doc: TargetSpec = {
  kind: 'doc',
  subcommand: 'doc',
  description: 'Build the API documentation',
  applies: (crate) => libOf(crate) !== undefined,
  args: () => ['--no-deps'],
  cache: true,
  outputs: (crate, ws) => [`{workspaceRoot}/${ws.root === '' ? '' : `${ws.root}/`}target/doc/${libOf(crate)!.name}`],
  profiles: true,
};
