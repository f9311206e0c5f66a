import type { NxJsonConfiguration } from '@nx/devkit';

/** The name init gives the fixed release group of the crates sharing the version of the Cargo workspace at `workspaceRoot`. */
export function groupNameFor(workspaceRoot: string): string {
  return workspaceRoot === '' ? 'workspace' : `workspace-${workspaceRoot.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/**
 * Adds a new crate that inherits the workspace's version to the fixed group that holds the
 * others (the one init writes), so that it is released with them. A configuration of another
 * shape is the user's own and stays as it is.
 */
export function addToSharedVersionGroup(release: NonNullable<NxJsonConfiguration['release']>, project: string): boolean {
  const group = release.groups?.[groupNameFor('')];
  const holder = group ?? (release.groups === undefined && release.projectsRelationship !== 'independent' ? release : undefined);
  if (!holder || !Array.isArray(holder.projects) || holder.projects.includes(project)) return false;
  holder.projects.push(project);
  return true;
}
