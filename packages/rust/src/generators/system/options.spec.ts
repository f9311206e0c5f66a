import type { CargoWorkspace, WorkspaceCrate } from './cargo-workspace';
import { defaultDirectory, normalizeDirectory } from './options';

function workspace(members: string[], dirs: string[]): CargoWorkspace {
  const crates: WorkspaceCrate[] = dirs.map((dir) => ({ name: dir.replace(/\//g, '_') || 'root', dir, hasLib: true, bins: [], version: '0.1.0' }));
  return { text: '', doc: {}, members, exclude: [], crates, package: {}, dependencies: {}, hasLints: false };
}

describe('defaultDirectory', () => {
  it('is the folder most member crates live in, the first listed on a tie', () => {
    expect(defaultDirectory(workspace([], ['libs/a', 'crates/b', 'crates/c']))).toBe('crates');
    expect(defaultDirectory(workspace([], ['libs/a', 'crates/b']))).toBe('libs');
    expect(defaultDirectory(workspace([], ['', 'chaos_engine', 'shared_core']))).toBe('');
  });

  it('else the folder of a `dir/*` glob, else crates', () => {
    expect(defaultDirectory(workspace(['./systems/*'], []))).toBe('systems');
    expect(defaultDirectory(workspace(['**/x'], []))).toBe('crates');
    expect(defaultDirectory(workspace([], ['']))).toBe('crates');
  });
});

describe('normalizeDirectory', () => {
  it('resolves `.` and `..` and backslashes inside the workspace', () => {
    expect(normalizeDirectory('crates/')).toBe('crates');
    expect(normalizeDirectory('./libs/../crates//x')).toBe('crates/x');
    expect(normalizeDirectory('libs\\systems')).toBe('libs/systems');
    expect(normalizeDirectory('.')).toBe('');
    expect(normalizeDirectory('')).toBe('');
  });

  it.each([
    ['/abs/path', /not absolute/],
    ['\\\\server\\share', /not absolute/],
    ['C:\\crates', /not absolute/],
    ['..', /outside the workspace/],
    ['crates/../../elsewhere', /outside the workspace/],
    ['crates/*', /would make the members entry a glob/],
    ['a"b', /only ASCII letters/],
    ['line\nbreak', /only ASCII letters/],
    ['crates/ x', /start or end with a space/],
    ['target/crates', /build output/],
  ])('refuses %j', (dir, message) => {
    expect(() => normalizeDirectory(dir)).toThrow(message);
  });
});
