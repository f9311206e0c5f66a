import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('reuses the last model while Cargo files and discovered file names are unchanged', () => {
    loadModel(root, files);
    // Mark the stored model: if the next load returns the mark, it came from the snapshot.
    const snapshot = join(root, '.data', 'ms-rust-model.json');
    const [key, json] = splitOnce(readFileSync(snapshot, 'utf8'));
    writeFileSync(snapshot, `${key}\n${json.replace('"version":"0.1.0"', '"version":"from-snapshot"')}`);
    expect(loadModel(root, files).crates[0].version).toBe('from-snapshot');
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
