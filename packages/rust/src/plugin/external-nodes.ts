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
    // What identifies the package: the checksum pins registry packages, a git source carries its
    // commit. Name and version are part of it too: a directory source (vendored or Debian's
    // packaged crates) writes the same placeholder checksum for every package.
    const hash = [pkg.name, pkg.version, pkg.source, pkg.checksum ?? ''].join('|');
    nodes[name] = { type: 'cargo', name, data: { packageName: pkg.name, version: pkg.version, hash } };
  }
  return nodes;
}
