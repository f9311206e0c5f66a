import type { NxJsonConfiguration, Tree } from '@nx/devkit';
import { isTable } from '../../cargo/toml';
import { readCrateManifest } from '../../release/manifest';
import { groupNameFor } from '../../release/groups';
import { readCargoWorkspace } from '../system/cargo-workspace';

type ReleaseConfig = NonNullable<NxJsonConfiguration['release']>;

/** What nx.json's `release.version.versionActions` names: the package's release.js. */
export const VERSION_ACTIONS = '@ms/rust/release';

/**
 * The `nx release` configuration for the root Cargo workspace's crates. Crates that inherit
 * `[workspace.package].version` share one version, so they are one fixed group (tag
 * `v{version}`, one CHANGELOG.md at the root); crates with versions of their own are released
 * independently (tags `<crate>@{version}`, a CHANGELOG.md each); `publish = false` crates with
 * their own version are left out (nothing to release). When both kinds are there, each is a
 * group. Versions are read from the manifests (`currentVersionResolver: "disk"`). Git is left to
 * Nx's defaults: `nx release` commits and tags, and `nx release version` / `changelog` keep
 * working (a `release.git` block would refuse them).
 */
export function releaseConfiguration(tree: Tree): ReleaseConfig {
  const { shared, own } = releasedCrates(tree);
  const version = { versionActions: VERSION_ACTIONS, currentVersionResolver: 'disk' as const };
  if (own.length === 0) {
    return {
      projects: shared,
      projectsRelationship: 'fixed',
      releaseTag: { pattern: 'v{version}' },
      version,
      changelog: { workspaceChangelog: { file: '{workspaceRoot}/CHANGELOG.md', createRelease: false }, projectChangelogs: false },
    };
  }
  if (shared.length === 0) {
    return {
      projects: own,
      projectsRelationship: 'independent',
      releaseTag: { pattern: '{projectName}@{version}' },
      version,
      changelog: { workspaceChangelog: false, projectChangelogs: { file: '{projectRoot}/CHANGELOG.md', createRelease: false } },
    };
  }
  return {
    groups: {
      [groupNameFor('')]: { projects: shared, projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}' } },
      crates: { projects: own, projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } },
    },
    version,
    changelog: { workspaceChangelog: false, projectChangelogs: { file: '{projectRoot}/CHANGELOG.md', createRelease: false } },
  };
}

/** The root workspace's crates by project name: those sharing the workspace's version, and those released on their own. */
function releasedCrates(tree: Tree): { shared: string[]; own: string[] } {
  const shared: string[] = [];
  const own: string[] = [];
  if (!tree.isFile('Cargo.toml')) return { shared, own };
  for (const crate of readCargoWorkspace(tree).crates) {
    const manifest = readCrateManifest(tree, crate.dir);
    const pkg = manifest.doc.package as Record<string, unknown>;
    const nx = isTable(pkg.metadata) && isTable(pkg.metadata.nx) ? pkg.metadata.nx : {};
    const project = typeof nx.name === 'string' ? nx.name : manifest.name;
    if (manifest.inheritsVersion) shared.push(project);
    else if (manifest.ownVersion !== undefined && pkg.publish !== false && !(Array.isArray(pkg.publish) && pkg.publish.length === 0)) own.push(project);
  }
  return { shared: shared.sort(), own: own.sort() };
}
