import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import ciGenerator, { WORKFLOW_PATH } from './generator';

// As Prettier in a workspace would: formatFiles rewrites the workflow (here: single quotes).
jest.mock('@nx/devkit', () => {
  const actual = jest.requireActual('@nx/devkit');
  return {
    ...actual,
    formatFiles: async (tree: Tree) => {
      const text = tree.read('.github/workflows/ci.yml', 'utf-8');
      if (text) tree.write('.github/workflows/ci.yml', text.replace(/"/g, "'"));
    },
  };
});

describe('ci generator in a workspace that formats YAML', () => {
  it('compares the formatted workflow, so a second run changes nothing and refuses nothing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const nxJson = readNxJson(tree)!;
    updateNxJson(tree, { ...nxJson, plugins: ['@ms/rust'] });
    tree.write('package-lock.json', '{}');
    await ciGenerator(tree);
    const formatted = tree.read(WORKFLOW_PATH, 'utf-8');
    expect(formatted).toContain(`SCCACHE_GHA_ENABLED: 'true'`);
    await expect(ciGenerator(tree)).resolves.toBeUndefined();
    expect(tree.read(WORKFLOW_PATH, 'utf-8')).toBe(formatted);
  });
});
