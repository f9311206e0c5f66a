import { packagesFolder } from '../../dist-paths';
import type { NodeSetup } from './node-setup';
import type { PipelineKind, Stage } from './pipeline';

/** What the workflow is made from: facts read from the workspace, nothing else. */
export interface WorkflowFacts {
  /** The branch pushes to which run the workflow, and nx-set-shas's base for them. */
  mainBranch: string;
  stages: Stage[];
  /** Committed toolchain files (`rust-toolchain.toml`, `dir/rust-toolchain`), the root's first. */
  toolchainFiles: string[];
  node: NodeSetup;
}

/**
 * Actions by major version (a release tag where the action has no major tags: sccache-action is
 * at 0.0.x), so that fixes arrive and breaking changes do not.
 */
export const ACTIONS = {
  checkout: 'actions/checkout@v7',
  setupNode: 'actions/setup-node@v7',
  setupPnpm: 'pnpm/action-setup@v4',
  setupBun: 'oven-sh/setup-bun@v2',
  setShas: 'nrwl/nx-set-shas@v5',
  sccache: 'mozilla-actions/sccache-action@v0.0.10',
  uploadArtifact: 'actions/upload-artifact@v7',
} as const;

/** The folder holding every crate's release archives (`dist/packages/<project>`). */
const PACKAGES = packagesFolder('').replace(/\/$/, '');

const STAGE_TITLES: Record<PipelineKind, string> = {
  fmt: 'Check formatting',
  lint: 'Lint',
  test: 'Test',
  build: 'Build',
  package: 'Package',
};

/**
 * Nx 24 stops the whole run, before any task, when its self-hosted remote cache cannot be
 * reached or refuses the token. A miss for a hash no task has (404) shows the cache works; any
 * other answer, or none, turns the cache off for this run with a warning, so the run builds.
 */
export const REMOTE_CACHE_PROBE = [
  'if [ -n "$NX_SELF_HOSTED_REMOTE_CACHE_SERVER" ]; then',
  '  code=$(curl -s -o /dev/null -w \'%{http_code}\' --max-time 20 -H "Authorization: Bearer $NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN" "${NX_SELF_HOSTED_REMOTE_CACHE_SERVER%/}/v1/cache/0") || code=none',
  '  if [ "$code" != 404 ]; then',
  '    echo "::warning::Nx\'s remote cache answered $code: this run builds without it"',
  '    echo NX_SKIP_REMOTE_CACHE=true >> "$GITHUB_ENV"',
  '  fi',
  'fi',
];

/** rustup components the stages need beyond the minimal profile. */
const COMPONENTS: Partial<Record<PipelineKind, string>> = { fmt: 'rustfmt', lint: 'clippy' };

/** The text of `.github/workflows/ci.yml`. */
export function renderWorkflow(facts: WorkflowFacts): string {
  const lines = [
    '# Written by `nx g @ms/rust:ci`: run it again (with --force once edited) after changing',
    "# the plugin's options in nx.json.",
    'name: CI',
    '',
    'on:',
    '  push:',
    '    branches:',
    `      - ${yamlString(facts.mainBranch)}`,
    '  pull_request:',
    '',
    'permissions:',
    '  contents: read',
    '  # nx-set-shas asks the API for the last successful run of this workflow on the main branch.',
    '  actions: read',
    '',
    'concurrency:',
    '  group: ${{ github.workflow }}-${{ github.ref }}',
    '  cancel-in-progress: true',
    '',
    'env:',
    "  # Nx's self-hosted remote cache. Where the secrets are not set (a fork's pull request) these",
    '  # are empty, and Nx uses its local cache only.',
    '  NX_SELF_HOSTED_REMOTE_CACHE_SERVER: ${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}',
    '  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: ${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN }}',
    "  # sccache in the GitHub Actions cache, for the compilations Nx's cache misses. No task hash",
    '  # counts these variables, so runs with and without sccache share one Nx cache.',
    '  RUSTC_WRAPPER: sccache',
    '  SCCACHE_GHA_ENABLED: "true"',
    '  # Compile without sccache rather than fail when its cache cannot be reached.',
    '  SCCACHE_IGNORE_SERVER_IO_ERROR: "1"',
    '  # sccache cannot cache incremental compilations.',
    '  CARGO_INCREMENTAL: "0"',
    '  CARGO_TERM_COLOR: always',
    '',
    'jobs:',
    '  main:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...step({ uses: ACTIONS.checkout, with: [['fetch-depth', '0']], comment: 'Full history: nx affected compares the head with its base commit.' }),
    ...nodeSteps(facts.node),
    ...step({ name: 'Base and head commits for nx affected (NX_BASE, NX_HEAD)', uses: ACTIONS.setShas, with: [['main-branch-name', yamlString(facts.mainBranch)]] }),
    ...toolchainSteps(facts.toolchainFiles, components(facts.stages)),
    ...step({ id: 'sccache', uses: ACTIONS.sccache }),
    ...step({ name: "Nx's remote cache, or none when it cannot be used", run: REMOTE_CACHE_PROBE }),
    ...facts.stages.flatMap((stage) => step({ name: STAGE_TITLES[stage.kind], run: affected(facts.node.nx, stage.targets) })),
    ...(facts.stages.some((s) => s.kind === 'package') ? uploadPackages() : []),
    ...step({ name: 'sccache statistics', if: "always() && steps.sccache.outcome == 'success'", run: 'sccache --show-stats' }),
  ];
  return `${lines.join('\n')}\n`;
}

function nodeSteps(node: NodeSetup): string[] {
  const version: [string, string] = node.nodeVersionFile ? ['node-version-file', yamlString(node.nodeVersionFile)] : ['node-version', 'lts/*'];
  // setup-node caches the package manager's store; pnpm must be installed before it, yarn (through
  // corepack) only after it, so yarn's store goes uncached.
  const cache: [string, string][] = node.install && (node.manager === 'npm' || node.manager === 'pnpm') ? [['cache', node.manager]] : [];
  return [
    ...(node.manager === 'pnpm' ? step({ uses: ACTIONS.setupPnpm, with: node.pnpmVersion ? [['version', yamlString(node.pnpmVersion)]] : [] }) : []),
    ...step({ uses: ACTIONS.setupNode, with: [version, ...cache] }),
    ...(node.manager === 'yarn' ? step({ name: 'Yarn through corepack (the version package.json names)', run: 'corepack enable' }) : []),
    ...(node.manager === 'bun' ? step({ uses: ACTIONS.setupBun }) : []),
    ...(node.install ? step({ run: node.install }) : []),
  ];
}

/** The archives built or replayed from the cache, as one artifact of the run; none when nothing was affected. */
function uploadPackages(): string[] {
  return step({
    name: 'Upload the release archives',
    uses: ACTIONS.uploadArtifact,
    with: [['name', 'packages'], ['path', `${PACKAGES}/`], ['if-no-files-found', 'ignore']],
  });
}

/**
 * rustup installs what each toolchain file names (its own components and targets too) and the
 * components the stages need; without a toolchain file at the root, the root's crates build with
 * the stable toolchain.
 */
function toolchainSteps(files: string[], needed: string[]): string[] {
  const add = needed.length > 0 ? [`rustup component add ${needed.join(' ')}`] : [];
  const stable = files.some((f) => !f.includes('/'))
    ? []
    : step({
        name: 'Rust toolchain (stable)',
        run: [`rustup toolchain install stable --profile minimal${needed.length > 0 ? ` --component ${needed.join(',')}` : ''}`, 'rustup default stable'],
      });
  const fromFiles = files.flatMap((file) => {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : undefined;
    return step({ name: `Rust toolchain (${file})`, 'working-directory': folder, run: ['rustup toolchain install', ...add] });
  });
  return [...stable, ...fromFiles];
}

function components(stages: Stage[]): string[] {
  return stages.map((s) => COMPONENTS[s.kind]).filter((c): c is string => c !== undefined);
}

/** `npx nx affected -t build`: nx affected reads NX_BASE and NX_HEAD, which nx-set-shas sets. */
function affected(nx: string, targets: string[]): string {
  return `${nx} affected -t ${targets.map(shellWord).join(' ')}`;
}

interface Step {
  id?: string;
  name?: string;
  comment?: string;
  if?: string;
  uses?: string;
  'working-directory'?: string;
  with?: [string, string][];
  /** One line, or a script (a YAML block). */
  run?: string | string[];
}

/** A step's lines under `steps:`. Values come in as YAML already (see yamlString). */
function step(s: Step): string[] {
  const fields: string[] = [];
  if (s.id) fields.push(`id: ${s.id}`);
  if (s.name) fields.push(`name: ${yamlString(s.name)}`);
  if (s.if) fields.push(`if: ${s.if}`);
  if (s.uses) fields.push(`uses: ${s.uses}`);
  if (s['working-directory']) fields.push(`working-directory: ${yamlString(s['working-directory'])}`);
  if (s.with && s.with.length > 0) fields.push('with:', ...s.with.map(([k, v]) => `  ${k}: ${v}`));
  if (typeof s.run === 'string') fields.push(`run: ${yamlString(s.run)}`);
  else if (s.run) fields.push('run: |', ...s.run.map((l) => `  ${l}`));
  const comment = s.comment ? [`      # ${s.comment}`] : [];
  return [...comment, ...fields.map((f, i) => `${i === 0 ? '      - ' : '        '}${f}`)];
}

/**
 * A YAML scalar for `text`: plain when YAML reads it back as the same string, else
 * double-quoted (JSON's escapes are YAML's).
 */
export function yamlString(text: string): string {
  const plain = /^[A-Za-z0-9_./(][A-Za-z0-9_ ./()@,+=*-]*$/.test(text) && !text.endsWith(' ');
  const special = /^(true|false|yes|no|on|off|null|~|y|n|[-+]?[0-9][0-9_.:eE+-]*|\.inf|\.nan)$/i.test(text);
  return plain && !special ? text : JSON.stringify(text);
}

/** A word for bash: as it is when it has no special characters, else single-quoted. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_.:@%+=,/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
