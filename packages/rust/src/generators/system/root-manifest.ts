import { isDeepStrictEqual } from 'node:util';
import { parseToml, type TomlTable } from '../../cargo/toml';
import { addKey, appendToArray, findValue, parseTomlTree } from '../../cargo/toml-edit';
import { tomlInline, tomlKey, tomlString } from './escape';

/** What the generator adds to the root Cargo.toml. Nothing else in it changes. */
export interface RootManifestEdits {
  /** A `workspace.members` entry; undefined when an existing entry already covers the crate. */
  member?: string;
  /** `[workspace.package]` keys to add (they are missing). */
  workspacePackage: Record<string, string>;
  /** `[workspace.dependencies]` entries to add (they are missing). */
  workspaceDependencies: Record<string, unknown>;
}

/**
 * The root Cargo.toml's text with the edits made as insertions: comments, order, spacing and
 * line endings are kept. The result is parsed back and must equal the original document plus
 * the edits; when it does not (a form of TOML this does not edit, such as `workspace` written
 * as an inline table), this throws before anything is written.
 */
export function editRootManifest(text: string, edits: RootManifestEdits): string {
  const members = findValue(parseTomlTree(text, 'Cargo.toml'), ['workspace', 'members']);
  if (members && members.node.type !== 'TOMLArray') throw new Error('Cargo.toml: workspace.members is not an array.');
  let out = text;
  try {
    if (edits.member !== undefined) {
      const member = tomlString(edits.member);
      out = members ? appendToArray(out, ['workspace', 'members'], member) : addKey(out, ['workspace'], 'members', `[${member}]`);
    }
    for (const [key, value] of Object.entries(edits.workspacePackage)) {
      out = addKey(out, ['workspace', 'package'], tomlKey(key), tomlString(value));
    }
    for (const [key, value] of Object.entries(edits.workspaceDependencies)) {
      out = addKey(out, ['workspace', 'dependencies'], tomlKey(key), tomlInline(value));
    }
  } catch {
    // An edit made the text invalid for the next one (a table defined twice).
    throw new Error(refusal(edits));
  }
  verify(text, out, edits);
  return out;
}

/** The edited text must read as the original document plus exactly the edits. */
function verify(before: string, after: string, edits: RootManifestEdits): void {
  const actual = parseToml(after, 'Cargo.toml');
  if (!actual.ok) throw new Error(refusal(edits));
  // Expected values are made by smol-toml too, so both sides are objects of the same kind.
  const expected = read(before);
  const workspace = (expected.workspace ??= read('')) as TomlTable;
  if (edits.member !== undefined) {
    const members = (workspace.members ??= []) as unknown[];
    members.push(edits.member);
  }
  const add = (table: string, entries: Record<string, unknown>) => {
    if (Object.keys(entries).length === 0) return;
    const target = (workspace[table] ??= read('')) as TomlTable;
    for (const [key, value] of Object.entries(entries)) target[key] = read(`v = ${tomlInline(value)}`).v;
  };
  add('package', edits.workspacePackage);
  add('dependencies', edits.workspaceDependencies);
  if (!isDeepStrictEqual(actual.value, expected)) throw new Error(refusal(edits));
}

function refusal(edits: RootManifestEdits): string {
  return `Cannot edit the root Cargo.toml automatically to add ${describe(edits)}: it is written in a form this generator does not edit. Add it by hand and run the generator again.`;
}

/** TOML the generator knows to be valid: the original manifest, or values of its own making. */
function read(text: string): TomlTable {
  const parsed = parseToml(text, 'Cargo.toml');
  if (!parsed.ok) throw new Error(`root-manifest: unexpected invalid TOML: ${parsed.problem.message}`);
  return parsed.value;
}

function describe(edits: RootManifestEdits): string {
  const parts: string[] = [];
  if (edits.member !== undefined) parts.push(`"${edits.member}" to workspace.members`);
  for (const key of Object.keys(edits.workspacePackage)) parts.push(`workspace.package.${key}`);
  for (const key of Object.keys(edits.workspaceDependencies)) parts.push(`workspace.dependencies.${key}`);
  return parts.join(', ');
}

