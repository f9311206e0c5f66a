import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

/** What the executor needs to know about a project's crate (written by the plugin into metadata.cargo). */
export interface CrateInfo {
  project: string;
  name: string;
  version: string;
  /** Absolute folder of the Cargo workspace root: where cargo runs. */
  workspaceRoot: string;
  /** Absolute path of the crate's Cargo.toml: how cargo's messages name it. */
  manifestPath: string;
  /** No features and only path dependencies on workspace crates (see the plugin's `featureFreeCrates`). */
  featureFree: boolean;
}

export function crateOf(context: Pick<ExecutorContext, 'root' | 'projectsConfigurations'>, project: string): CrateInfo {
  const config = context.projectsConfigurations.projects[project];
  const cargo = config?.metadata?.cargo as { package?: string; version?: string; workspaceRoot?: string; featureFree?: boolean } | undefined;
  if (!cargo?.package || !cargo.version) {
    throw new Error(`Project "${project}" is not a crate inferred by @ms/rust (no metadata.cargo); @ms/rust:cargo cannot run for it.`);
  }
  return {
    project,
    name: cargo.package,
    version: cargo.version,
    workspaceRoot: join(context.root, cargo.workspaceRoot ?? '.'),
    manifestPath: join(context.root, config.root, 'Cargo.toml'),
    featureFree: cargo.featureFree === true,
  };
}

/**
 * `cargo fmt -p` takes a bare package name (it only looks at workspace members); everything else
 * gets `name@version`, unambiguous when the resolve holds another package of the same name.
 */
export function packageSpec(crate: CrateInfo, command: string): string {
  return command === 'fmt' ? crate.name : `${crate.name}@${crate.version}`;
}

/**
 * The crates published before `project`, transitively, nearest first: the publishable workspace
 * crates its package depends on, as the plugin wrote them into `metadata.cargo.publishAfter`.
 */
export function publishedBefore(context: Pick<ExecutorContext, 'root' | 'projectsConfigurations'>, project: string): CrateInfo[] {
  const after = (p: string) => ((context.projectsConfigurations.projects[p]?.metadata?.cargo as { publishAfter?: string[] } | undefined)?.publishAfter ?? []);
  const seen = new Set<string>([project]);
  const queue = [...after(project)];
  const found: CrateInfo[] = [];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    found.push(crateOf(context, next));
    queue.push(...after(next));
  }
  return found;
}
