import type { ProjectGraphExternalNode } from '@nx/devkit';
import type { Lockfile } from '../cargo';

/** Registry and git packages of a Cargo.lock become `cargo:<name>@<version>` external nodes. */
export function externalNodeName(key: string): string {
  return `cargo:${key}`;
}

export function externalNodes(lock: Lockfile): Record<string, ProjectGraphExternalNode> {
  const nodes: Record<string, ProjectGraphExternalNode> = {};
  for (const [key, pkg] of lock.packages) {
    if (!pkg.source) continue;
    const name = externalNodeName(key);
    // The checksum pins registry packages; a git source string carries its commit.
    nodes[name] = { type: 'cargo', name, data: { packageName: pkg.name, version: pkg.version, hash: pkg.checksum ?? pkg.source } };
  }
  return nodes;
}
