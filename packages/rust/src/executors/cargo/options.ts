/** Options of the `@ms/rust:cargo` executor (see schema.json). */
export interface CargoExecutorOptions {
  command: CargoCommand;
  args?: string[];
  toolArgs?: string[];
  profile?: string;
  features?: string[] | string;
  allFeatures?: boolean;
  noDefaultFeatures?: boolean;
  target?: string;
  /** test only: one test binary of the crate (a `TestUnit`: `lib`, `doc`, `test:<name>`, …). */
  testTarget?: string;
  locked?: boolean;
  frozen?: boolean;
  offline?: boolean;
  env?: Record<string, string>;
  /** Everything given on the command line after the target (filled in by Nx). */
  __unparsed__?: string[];
}

/** The profile when the options name none (schema.json's default). */
export const DEFAULT_PROFILE = 'dev';

/** The cargo profile these options build with. */
export function profileOf(options: Pick<CargoExecutorOptions, 'profile'>): string {
  return options.profile ?? DEFAULT_PROFILE;
}

/** The options schema.json declares (kept in step with it by a unit test). */
export const KNOWN_OPTIONS = [
  'command',
  'args',
  'toolArgs',
  'profile',
  'features',
  'allFeatures',
  'noDefaultFeatures',
  'target',
  'testTarget',
  'locked',
  'frozen',
  'offline',
  'env',
  '__unparsed__',
] as const;

const BOOLEAN_OPTIONS = new Set(['allFeatures', 'noDefaultFeatures', 'locked', 'frozen', 'offline']);
/** Commands that hand the rest of the command line to a program or a test harness. */
const PASS_THROUGH = new Set<CargoCommand>(['run', 'test', 'bench']);

/**
 * The options to run with. Nx parses every argument given after the target into options, `--`
 * or not; `run`, `test` and `bench` take the unknown ones as arguments for the program or the
 * test harness (after `--`), every other command refuses them, naming them.
 */
export function resolveOptions(options: CargoExecutorOptions): { options: CargoExecutorOptions } | { error: string } {
  const known = new Set<string>(KNOWN_OPTIONS);
  const unknown = Object.keys(options).filter((k) => !known.has(k) && k !== '_');
  const { __unparsed__: unparsed = [], ...rest } = options;
  for (const key of unknown) delete (rest as Record<string, unknown>)[key];
  delete (rest as Record<string, unknown>)._;
  if (options.testTarget !== undefined && (options.command !== 'test' || !/^(lib|doc|examples|(bin|test|bench):[^\s:]+)$/.test(options.testTarget))) {
    return { error: `@ms/rust:cargo (${options.command}): testTarget ${JSON.stringify(options.testTarget)} is not one test binary of cargo test: lib, doc, examples, bin:<name>, test:<name> or bench:<name>.` };
  }
  if (!PASS_THROUGH.has(options.command)) {
    if (unknown.length || ((options as { _?: unknown[] })._ ?? []).length) {
      const names = unknown.length ? unknown.map((k) => `--${k}`).join(', ') : ((options as { _?: unknown[] })._ ?? []).join(' ');
      return { error: `@ms/rust:cargo (${options.command}) does not take ${names}. Its options: ${KNOWN_OPTIONS.filter((k) => k !== '__unparsed__').join(', ')}.` };
    }
    return { options: rest };
  }
  const extra = passThrough(unparsed, known);
  return { options: extra.length ? { ...rest, toolArgs: [...(rest.toolArgs ?? []), ...extra] } : rest };
}

/** The command-line tokens that are not this executor's own options. */
function passThrough(unparsed: string[], known: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < unparsed.length; i++) {
    const m = /^--([^=]+)(=.*)?$/.exec(unparsed[i]);
    if (m && known.has(m[1])) {
      const takesValue = !m[2] && !BOOLEAN_OPTIONS.has(m[1]);
      if (takesValue && i + 1 < unparsed.length && !unparsed[i + 1].startsWith('-')) i++;
      continue;
    }
    out.push(unparsed[i]);
  }
  return out;
}

/** `none` runs nothing: the lock gate, a task that exists only for Nx to see Cargo.lock. */
export type CargoCommand = 'build' | 'check' | 'test' | 'clippy' | 'fmt' | 'doc' | 'bench' | 'run' | 'none';

/** What a batch reports for each task (Nx's batch protocol). */
export interface BatchTaskResult {
  success: boolean;
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
  /**
   * `skipped`: never ran because of another task (or the batch was stopped first); `stopped`: its
   * cargo run was interrupted. Nx caches neither.
   */
  status?: 'success' | 'failure' | 'skipped' | 'stopped';
}
