import { formatFiles, logger, readNxJson, type Tree } from '@nx/devkit';
import { readNodeSetup } from './node-setup';
import { pipelineStages } from './pipeline';
import { toolchainFiles } from './toolchain-files';
import { renderWorkflow } from './workflow';

export interface CiOptions {
  /** The branch whose pushes run the workflow; default: nx.json's `defaultBase`, else `main`. */
  mainBranch?: string;
  /** Replace a workflow file that differs from the one this generator writes. */
  force?: boolean;
  skipFormat?: boolean;
}

export const WORKFLOW_PATH = '.github/workflows/ci.yml';

/**
 * `nx g @ms/rust:ci`: a GitHub Actions workflow running the pipeline's targets on the crates a
 * change affects. Safe to run again: the same workspace gives the same file, which is then left
 * as it is; a file that differs (edited, or from another tool) is only replaced with `--force`.
 */
export default async function ciGenerator(tree: Tree, options: CiOptions = {}): Promise<void> {
  const nxJson = readNxJson(tree);
  const mainBranch = options.mainBranch ?? nxJson?.defaultBase ?? nxJson?.affected?.defaultBase ?? 'main';
  const node = readNodeSetup(tree);
  const text = renderWorkflow({ mainBranch, stages: pipelineStages(nxJson), toolchainFiles: toolchainFiles(tree), node });

  const existing = tree.read(WORKFLOW_PATH, 'utf-8');
  tree.write(WORKFLOW_PATH, text);
  // Compared as formatted: where the workspace has Prettier, formatFiles rewrites the file.
  if (!options.skipFormat) await formatFiles(tree);
  const written = tree.read(WORKFLOW_PATH, 'utf-8');
  if (existing === written) {
    logger.info(`${WORKFLOW_PATH} is up to date: nothing written.`);
    return;
  }
  if (existing !== null && !options.force) {
    tree.write(WORKFLOW_PATH, existing);
    throw new Error(`@ms/rust:ci: ${WORKFLOW_PATH} exists and differs from the workflow this generator writes; nothing was written. Run it with --force to replace the file.`);
  }
  if (node.install && node.missingLockfile) {
    logger.warn(`@ms/rust:ci: the workflow installs with \`${node.install}\`, which needs ${node.missingLockfile}: commit one.`);
  }
}
