import { parse } from 'smol-toml';
import { appendToArray } from '../../cargo/toml-edit';
import { editRootManifest } from './root-manifest';

const NONE = { workspacePackage: {}, workspaceDependencies: {} };

/** Adds "new" to the array `m`. */
function append(text: string): string {
  return appendToArray(text, ['m'], '"new"');
}

describe('appendToArray', () => {
  it.each([
    ['m = []', 'm = ["new"]'],
    ['m = [ ]', 'm = ["new"]'],
    ['m = ["a"]', 'm = ["a", "new"]'],
    ['m = ["a", "b",]', 'm = ["a", "b", "new",]'],
    ['m = [\n]', 'm = [\n    "new",\n]'],
    ['m = [\n  # none yet\n]', 'm = [\n  # none yet\n    "new",\n]'],
    ['m = [\n    "a",\n    "b",\n]', 'm = [\n    "a",\n    "b",\n    "new",\n]'],
    ['m = [\n  "a", # first\n  "b" # second\n]', 'm = [\n  "a", # first\n  "b", # second\n  "new"\n]'],
    ['m = [\n\t"a",\n]', 'm = [\n\t"a",\n\t"new",\n]'],
    ['m = ["a",\n       "b"]', 'm = ["a",\n       "b", "new"]'],
    ['m = [\n  "a", "b",\n  # trailing comment\n]', 'm = [\n  "a", "b",\n  "new",\n  # trailing comment\n]'],
    ['m = ["a", # first\n]', 'm = ["a", # first\n    "new",\n]'],
  ])('%j', (before, after) => {
    expect(append(before)).toBe(after);
  });

  it('keeps CRLF line endings', () => {
    expect(append('m = [\r\n    "a",\r\n]\r\n')).toBe('m = [\r\n    "a",\r\n    "new",\r\n]\r\n');
  });
});

describe('editRootManifest', () => {
  it('adds a member, package keys and dependencies, keeping comments and layout', () => {
    const before = [
      '# The systems.',
      '[workspace]',
      'resolver = "2"',
      'members = [',
      '    "crates/a", # first',
      ']',
      '',
      '# Build settings.',
      '[profile.release]',
      'lto = true',
      '',
    ].join('\n');
    const after = editRootManifest(before, {
      member: 'crates/b',
      workspacePackage: { version: '0.1.0', edition: '2021' },
      workspaceDependencies: { clap: { version: '4.0', features: ['derive'] }, a: { path: 'crates/a' } },
    });
    expect(after).toBe(
      [
        '# The systems.',
        '[workspace]',
        'resolver = "2"',
        'members = [',
        '    "crates/a", # first',
        '    "crates/b",',
        ']',
        '',
        '[workspace.package]',
        'version = "0.1.0"',
        'edition = "2021"',
        '',
        '[workspace.dependencies]',
        'clap = { version = "4.0", features = ["derive"] }',
        'a = { path = "crates/a" }',
        '',
        '# Build settings.',
        '[profile.release]',
        'lto = true',
        '',
      ].join('\n'),
    );
  });

  it('adds keys at the end of existing tables, and `members` when the key is missing', () => {
    const before = '[workspace]\nresolver = "2"\n\n[workspace.package]\nversion = "1.0.0" # kept\n\n[workspace.dependencies]\nserde = "1"\n';
    const after = editRootManifest(before, { member: 'x', workspacePackage: { edition: '2021' }, workspaceDependencies: { criterion: '0.3' } });
    expect(after).toBe(
      '[workspace]\nresolver = "2"\nmembers = ["x"]\n\n[workspace.package]\nversion = "1.0.0" # kept\nedition = "2021"\n\n[workspace.dependencies]\nserde = "1"\ncriterion = "0.3"\n',
    );
  });

  it('edits `workspace.members` written as a dotted key', () => {
    const after = editRootManifest('workspace.members = ["a"] # all\n', { ...NONE, member: 'b' });
    expect(after).toBe('workspace.members = ["a", "b"] # all\n');
  });

  it('adds a [workspace] table to a manifest that has none', () => {
    const before = '[package]\nname = "root"\nversion = "0.1.0"\n';
    expect(editRootManifest(before, { ...NONE, member: 'crates/x' })).toBe(`${before}\n[workspace]\nmembers = ["crates/x"]\n`);
  });

  it('escapes the strings it writes', () => {
    const after = editRootManifest('[workspace]\nmembers = []\n', { ...NONE, member: 'odd "dir"\\x' });
    expect((parse(after).workspace as { members: string[] }).members).toEqual(['odd "dir"\\x']);
  });

  it('edits `workspace` written as an inline table', () => {
    expect(editRootManifest('workspace = { members = ["a"] } # all\n', { ...NONE, member: 'b' })).toBe('workspace = { members = ["a", "b"] } # all\n');
  });

  it('refuses, rather than guesses, a form it cannot edit', () => {
    // `[workspace.package]` defined by dotted keys cannot get a header of its own.
    expect(() => editRootManifest('[workspace]\nmembers = []\npackage.version = "1.0.0"\n', { ...NONE, workspacePackage: { edition: '2021' } })).toThrow(
      'Cannot edit the root Cargo.toml automatically to add workspace.package.edition: it is written in a form this generator does not edit. Add it by hand and run the generator again.',
    );
    expect(() => editRootManifest('[workspace]\nmembers = "a"\n', { ...NONE, member: 'b' })).toThrow(/not an array/);
  });
});
