import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadModel } from './load-model';

function splitOnce(text: string): [string, string] {
  const i = text.indexOf('\n');
  return [text.slice(0, i), text.slice(i + 1)];
}

describe('loadModel', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ms-rust-load-'));
    process.env.NX_WORKSPACE_DATA_DIRECTORY = join(root, '.data');
    write('Cargo.toml', '[workspace]\nmembers = ["a"]\n');
    write('a/Cargo.toml', '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n');
    write('a/src/lib.rs', '');
  });
  afterEach(() => {
    delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    rmSync(root, { recursive: true, force: true });
  });

  const files = ['Cargo.toml', 'a/Cargo.toml', 'a/src/lib.rs'];

  const snapshots = () => readdirSync(join(root, '.data', 'ms-rust-models')).map((f) => join(root, '.data', 'ms-rust-models', f));
  // Marks every stored model: a load that returns the mark came from a snapshot.
  const markSnapshots = () => {
    for (const snapshot of snapshots()) {
      const [key, json] = splitOnce(readFileSync(snapshot, 'utf8'));
      writeFileSync(snapshot, `${key}\n${json.replace(/"version":"0\.1\.0"/g, '"version":"from-snapshot"')}`);
    }
  };

  it('reuses the last model while Cargo files and discovered file names are unchanged', () => {
    loadModel(root, files);
    markSnapshots();
    expect(loadModel(root, files).crates[0].version).toBe('from-snapshot');
  });

  it('keeps a model per set of files, as two plugin entries with their own include see them', () => {
    write('other/Cargo.toml', '[workspace]\nmembers = ["b"]\n');
    write('other/b/Cargo.toml', '[package]\nname = "b"\nversion = "0.1.0"\nedition = "2021"\n');
    write('other/b/src/lib.rs', '');
    const otherFiles = ['other/Cargo.toml', 'other/b/Cargo.toml', 'other/b/src/lib.rs'];
    expect(loadModel(root, files).crates.map((c) => c.name)).toEqual(['a']);
    expect(loadModel(root, otherFiles).crates.map((c) => c.name)).toEqual(['b']);
    expect(snapshots()).toHaveLength(2);
    markSnapshots();
    expect(loadModel(root, files).crates.map((c) => [c.name, c.version])).toEqual([['a', 'from-snapshot']]);
    expect(loadModel(root, otherFiles).crates.map((c) => [c.name, c.version])).toEqual([['b', 'from-snapshot']]);
  });

  it("keeps the parsed Cargo files of another entry's files", () => {
    write('other/Cargo.toml', '[workspace]\nmembers = ["b"]\n');
    write('other/b/Cargo.toml', '[package]\nname = "b"\nversion = "0.1.0"\nedition = "2021"\n');
    loadModel(root, files);
    loadModel(root, ['other/Cargo.toml', 'other/b/Cargo.toml']);
    const parsed = JSON.parse(readFileSync(join(root, '.data', 'ms-rust-cargo-files.v1.json'), 'utf8'));
    expect(Object.keys(parsed).sort()).toEqual(['Cargo.toml', 'a/Cargo.toml', 'other/Cargo.toml', 'other/b/Cargo.toml']);
  });

  it('sees a new binary, a changed manifest and a fixed one', () => {
    loadModel(root, files);
    write('a/src/main.rs', 'fn main() {}');
    expect(loadModel(root, [...files, 'a/src/main.rs']).crates[0].targets.map((t) => t.kind)).toEqual(['lib', 'bin']);

    write('a/Cargo.toml', '[package]\nname = "a"\nversion = "0.2.0"\nedition = "2021"\n');
    expect(loadModel(root, files).crates[0].version).toBe('0.2.0');

    write('a/Cargo.toml', '[package]\nname = "a"\nversion = \n');
    expect(loadModel(root, files).crates).toEqual([]);
    write('a/Cargo.toml', '[package]\nname = "a"\nversion = "0.3.0"\nedition = "2021"\n');
    expect(loadModel(root, files).crates[0].version).toBe('0.3.0');
  });
});
