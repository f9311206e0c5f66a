import { unitSelection, type TestUnit } from '../../cargo/test-units';
import { profileOf, type CargoExecutorOptions } from './options';

/** How cargo reports: inherited human output, or JSON messages with diagnostics to attribute. */
export type MessageFormat = 'human' | 'json-render-diagnostics' | 'json-diagnostic-rendered-ansi' | 'json';

export interface ArgsContext {
  /** Package specs, one `-p` each. */
  packages: string[];
  messageFormat: MessageFormat;
  /** Batches keep going past a failing crate so that every crate gets its own result. */
  keepGoing: boolean;
  /**
   * `build --tests`: compile the test targets only (`cargo test` cannot keep going past a crate
   * that does not compile; `cargo build --tests --keep-going` can, and `cargo test` reuses them).
   */
  compileTestsOnly?: boolean;
  color?: boolean;
  /** `--timings`: cargo writes when it compiled each unit (see unit-timings.ts). */
  timings?: boolean;
  /** test: the target selection of this call (a batch's, see test-calls.ts); else the task's `testTarget`. */
  selection?: string[];
}

/** The cargo argument array for these options: built here only, never through a shell. */
export function cargoArgs(options: CargoExecutorOptions, ctx: ArgsContext): string[] {
  const argv: string[] = [ctx.compileTestsOnly ? 'build' : options.command];
  if (ctx.compileTestsOnly) argv.push('--tests');
  for (const p of ctx.packages) argv.push('-p', p);
  // cargo fmt has no profiles, features, targets or message formats: it formats sources.
  if (options.command !== 'fmt') {
    const profile = profileOf(options);
    if (profile === 'release') argv.push('--release');
    else if (profile !== 'dev') argv.push('--profile', profile);
    argv.push(...resolveArgs(options));
    if (!ctx.compileTestsOnly && options.command === 'test') argv.push(...(ctx.selection ?? (options.testTarget ? unitSelection(options.testTarget as TestUnit) : [])));
    if (ctx.messageFormat !== 'human') argv.push(`--message-format=${ctx.messageFormat}`);
    const runsTests = !ctx.compileTestsOnly && (options.command === 'test' || options.command === 'bench');
    if (ctx.keepGoing) argv.push(runsTests ? '--no-fail-fast' : '--keep-going');
    if (ctx.color !== undefined) argv.push('--color', ctx.color ? 'always' : 'never');
    if (ctx.timings) argv.push('--timings');
  }
  argv.push(...(options.args ?? []));
  if (options.toolArgs?.length && !ctx.compileTestsOnly) argv.push('--', ...options.toolArgs);
  return argv;
}

/** The arguments that decide what cargo resolves: features, triple, and how it may touch the lock and the network. */
export function resolveArgs(options: CargoExecutorOptions): string[] {
  const argv: string[] = [];
  const features = featureList(options.features);
  if (features.length) argv.push('--features', features.join(','));
  if (options.allFeatures) argv.push('--all-features');
  if (options.noDefaultFeatures) argv.push('--no-default-features');
  if (options.target) argv.push('--target', options.target);
  if (options.locked) argv.push('--locked');
  if (options.frozen) argv.push('--frozen');
  if (options.offline) argv.push('--offline');
  return argv;
}

/** Features as cargo takes them: a list, or one string separated by commas or spaces. */
export function featureList(features: string[] | string | undefined): string[] {
  const list = typeof features === 'string' ? features.split(/[\s,]+/) : (features ?? []);
  return [...new Set(list.filter(Boolean))].sort();
}
