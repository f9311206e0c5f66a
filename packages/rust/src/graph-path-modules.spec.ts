import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { computeGraph } from './testing/graph-computation';

/**
 * Nx loads the plugin in its worker for every graph computation, where only createNodes and
 * createDependencies run. Loading @nx/devkit there (it pulls in most of nx: generators, the
 * package managers, YAML parsers) costs every command some 60 ms, whatever the workspace's size;
 * type imports are free. So the graph path, run end to end, must never load it at run time.
 */
describe('the graph path', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-graph-path-'));
    process.env.NX_WORKSPACE_DATA_DIRECTORY = join(root, '.data');
    write('Cargo.toml', '[workspace]\nmembers = ["app", "base"]\n');
    write('app/Cargo.toml', '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n[dependencies]\nbase = { path = "../base" }\n');
    // A package under the workspace that is not a member: a warning to report, so that path runs too.
    write('stray/Cargo.toml', '[package]\nname = "stray"\nversion = "0.1.0"\nedition = "2021"\n');
    write('app/src/main.rs', 'fn main() {}\n');
    write('base/Cargo.toml', '[package]\nname = "base"\nversion = "0.1.0"\nedition = "2021"\n');
    write('base/src/lib.rs', 'pub const TEXT: &str = include_str!("../data.txt");\n');
    write('base/data.txt', 'x');
  });
  afterEach(() => {
    delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    rmSync(root, { recursive: true, force: true });
    jest.resetModules();
  });

  it('runs createNodes and createDependencies without loading @nx/devkit', async () => {
    const loaded: string[] = [];
    jest.doMock('@nx/devkit', () => {
      loaded.push('@nx/devkit');
      return jest.requireActual('@nx/devkit');
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const plugin = require('./index') as typeof import('./index');
      const files = ['Cargo.toml', 'stray/Cargo.toml', 'app/Cargo.toml', 'app/src/main.rs', 'base/Cargo.toml', 'base/src/lib.rs'];
      const { projects, edges: [edges] } = await computeGraph(plugin, root, [{ files }]);

      // The graph path did its whole job: projects, targets, the edge, the warning.
      expect(Object.keys(projects).sort()).toEqual(['app', 'base']);
      expect(projects.app.targets?.build).toBeDefined();
      expect(edges.map((e) => `${e.source} -> ${e.target} (${e.type})`)).toEqual(['app -> base (static)']);
      expect(warn.mock.calls.flat().join('\n')).toMatch(/stray\/Cargo\.toml.*not one of its members/);
      expect(loaded).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
