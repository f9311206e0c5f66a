import type { Crate } from '../../cargo';
import { CRATE_READS, CRATE_SOURCES, DEPENDENCIES, dependentInputs } from '../inputs';
import type { TargetSpec } from './spec';

const libOf = (crate: Crate) => crate.targets.find((t) => t.kind === 'lib');

/**
 * Libraries only. Caches what the crate's pages need to render: its folder, its highlighted
 * sources and rustdoc's static files (content-addressed names, so restoring them never clobbers
 * another crate's). The cross-crate indexes (crates.js, search.index) are rewritten by every doc
 * run and are left out.
 */
export const doc: TargetSpec = {
  kind: 'doc',
  subcommand: 'doc',
  description: 'Build the API documentation',
  applies: (crate) => libOf(crate) !== undefined,
  args: () => ['--no-deps'],
  cache: true,
  // Its whole dependency graph through `^`: wider than the build closure, but keeps the graph smaller.
  inputs: { scope: 'shared', named: (gate) => dependentInputs([CRATE_SOURCES, CRATE_READS], gate), deps: DEPENDENCIES },
  lockGate: true,
  outputs: (crate, ws) => {
    const docDir = `{workspaceRoot}/${ws.root === '' ? '' : `${ws.root}/`}target/doc`;
    const lib = libOf(crate)!.name;
    return [`${docDir}/${lib}`, `${docDir}/src/${lib}`, `${docDir}/static.files`];
  },
  profiles: true,
};
