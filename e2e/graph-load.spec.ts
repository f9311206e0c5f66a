/**
 * What Nx loads of the plugin to compute the graph: `require('@ms/rust')`, then createNodes and
 * createDependencies on a small workspace (fixture `entries`), in a fresh node process. Nx
 * requires the plugin in every graph computation; executors, generators and the metrics report
 * have no part in it.
 */
import { createWorkspace, parseJson, type TestWorkspace } from './utils/workspace';

/** Prints the plugin's own modules loaded after each step, as JSON. */
const SCRIPT = `
const { dirname, relative } = require('node:path');
const dist = dirname(require.resolve('@ms/rust'));
const ours = () => Object.keys(require.cache).filter((f) => f.startsWith(dist + '/')).map((f) => relative(dist, f)).sort();
// Other packages' modules, as <package>/<path inside it>.
const theirs = () => Object.keys(require.cache).filter((f) => !f.startsWith(dist + '/')).map((f) => f.replace(/^.*\\/node_modules\\//, '')).sort();
const files = require('node:child_process').execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\\n').filter((f) => /(^|\\/)(Cargo\\.(toml|lock)|[^/]*\\.rs)$/.test(f));
(async () => {
  const plugin = require('@ms/rust');
  const afterRequire = ours();
  const context = { workspaceRoot: process.cwd(), nxJsonConfiguration: {} };
  const projects = {};
  for (const [, r] of await plugin.createNodes[1](files, undefined, context)) Object.assign(projects, Object.fromEntries(Object.values(r.projects ?? {}).map((p) => [p.name, p])));
  const none = { projectFileMap: {}, nonProjectFiles: [] };
  const edges = (await plugin.createDependencies(undefined, { ...context, projects, externalNodes: {}, fileMap: none, filesToProcess: none })).map((d) => d.source + ' -> ' + d.target).sort();
  const afterGraph = ours();
  const packagesAfterGraph = theirs();
  await plugin.postTasksExecution(undefined, { ...context, id: 'x', taskResults: {}, argv: [], startTime: 0, endTime: 0 });
  console.log(JSON.stringify({ afterRequire, afterGraph, packagesAfterGraph, edges, afterPostTasks: ours() }));
})();
`;

describe('the graph path of the plugin', () => {
  let ws: TestWorkspace;
  let loaded: { afterRequire: string[]; afterGraph: string[]; packagesAfterGraph: string[]; edges: string[]; afterPostTasks: string[] };
  const notOnGraphPath = (modules: string[]) => modules.filter((m) => /^(executors|generators|metrics)\//.test(m));

  beforeAll(() => {
    ws = createWorkspace('entries');
    loaded = parseJson(ws.exec('node', ['-e', SCRIPT]));
  });

  it('computes the graph of the workspace', () => {
    expect(loaded.edges).toEqual(['app-a -> core-a', 'app-a -> util-a', 'app-b -> core-b', 'core-a -> util-a', 'core-b -> util-b']);
  });

  it('loads no executor, generator or metrics module to require the plugin and compute the graph', () => {
    expect(loaded.afterRequire).toContain('index.js');
    expect(loaded.afterGraph).toContain('plugin/create-nodes.js');
    expect(notOnGraphPath(loaded.afterGraph)).toEqual([]);
  });

  it("loads no module of @nx/devkit or nx to compute the graph (they would cost every command ~60 ms in Nx's plugin worker), only nx's package.json", () => {
    const nx = loaded.packagesAfterGraph.filter((m) => /^(@nx\/[^/]+|nx)\//.test(m));
    expect(nx).toEqual(['nx/package.json']);
    // Besides, the TOML parser is all the graph path loads of other packages.
    expect([...new Set(loaded.packagesAfterGraph.map((m) => m.split('/')[0]))]).toEqual(['nx', 'smol-toml']);
  });

  it('loads the metrics report on the first postTasksExecution', () => {
    // The report reads the executors' default profiles: those small modules come with it.
    expect(notOnGraphPath(loaded.afterPostTasks)).toEqual(expect.arrayContaining(['metrics/hook.js', 'metrics/html.js', 'metrics/report.js']));
  });
});
