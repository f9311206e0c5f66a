import { detectPackageManager, getPackageManagerCommand, getPackageManagerVersion, readJson, type PackageManager, type Tree } from '@nx/devkit';

/** How the workflow gets Node, the workspace's packages and `nx`. */
export interface NodeSetup {
  manager: PackageManager;
  /**
   * The install that keeps the lockfile as it is (`npm ci`, …), as Nx spells it; none where Nx
   * runs through its wrapper (`nx init` without package.json), which installs Nx itself.
   */
  install?: string;
  /** The command that runs nx: through the package manager's binary runner as Nx spells it (`npx nx`, `pnpm exec nx`, …), or `./nx`. */
  nx: string;
  /** `.nvmrc` or `.node-version` when the workspace pins Node, else the current LTS. */
  nodeVersionFile?: string;
  /** pnpm/action-setup's `version` when package.json names no `packageManager` (it reads that field). */
  pnpmVersion?: string;
  /** The lockfile the install needs, when the workspace has none: worth a warning. */
  missingLockfile?: string;
}

const LOCKFILES: Record<PackageManager, string[]> = {
  npm: ['package-lock.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
  bun: ['bun.lock', 'bun.lockb'],
};

const NODE_VERSION_FILES = ['.nvmrc', '.node-version'];

/** What `nx init` writes in a workspace without package.json: `./nx` runs `.nx/nxw.js`. */
const NX_WRAPPER = '.nx/nxw.js';

/** Nx's own detection (nx.json's `cli.packageManager`, then the lockfiles) decides the package manager. */
export function readNodeSetup(tree: Tree): NodeSetup {
  const nodeVersionFile = NODE_VERSION_FILES.find((f) => tree.exists(f));
  if (!tree.exists('package.json') && tree.exists(NX_WRAPPER)) return { manager: 'npm', nx: './nx', ...(nodeVersionFile ? { nodeVersionFile } : {}) };
  const manager = detectPackageManager(tree.root);
  const commands = getPackageManagerCommand(manager, tree.root);
  const setup: NodeSetup = { manager, install: commands.ciInstall, nx: `${commands.exec} nx` };
  if (nodeVersionFile) setup.nodeVersionFile = nodeVersionFile;
  if (!LOCKFILES[manager].some((f) => tree.exists(f))) setup.missingLockfile = LOCKFILES[manager][0];
  if (manager === 'pnpm' && !packageManagerField(tree)) setup.pnpmVersion = installedMajor(tree, 'pnpm');
  return setup;
}

function packageManagerField(tree: Tree): string | undefined {
  if (!tree.exists('package.json')) return undefined;
  const value = readJson<{ packageManager?: unknown }>(tree, 'package.json').packageManager;
  return typeof value === 'string' ? value : undefined;
}

function installedMajor(tree: Tree, manager: PackageManager): string {
  try {
    return getPackageManagerVersion(manager, tree.root).split('.')[0];
  } catch {
    throw new Error(`@ms/rust:ci: the workspace uses ${manager} (its lockfile), but package.json has no "packageManager" field and no ${manager} is installed here to take the version from: add "packageManager": "${manager}@<version>" to package.json`);
  }
}
