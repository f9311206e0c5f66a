import { isStatusLine } from './messages';

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
/** One state of cargo's progress bar: `    Building [=====>    ] 3/10: a, b`. */
const BAR = /^\s*[A-Z][a-z]+ \[[ =>-]*\]/;

/**
 * How a batch shows cargo's progress while it runs (each task's own output comes only when its
 * cargo call ends). `terminal`: a person watches (Nx's terminal UI, or nx in a terminal): cargo's
 * status lines and its progress bar, redrawn in place. `lines`: a log (CI, output piped to a file):
 * cargo's status lines (`   Compiling a v0.1.0`), one line each, as they come.
 */
export type LiveMode = 'terminal' | 'lines';

/**
 * The batch runs in a process Nx forks with its stdout and stderr piped, so it cannot ask them.
 * Nx passes its own environment on (NX_TUI is `true` when its terminal UI runs), and the standard
 * input is Nx's own: a terminal there, and no CI variable, means someone is watching.
 */
export function liveMode(env: NodeJS.ProcessEnv = process.env, stdinIsTTY = process.stdin.isTTY === true): LiveMode {
  if (env.NX_TUI === 'true') return 'terminal';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false';
  return stdinIsTTY && !ci ? 'terminal' : 'lines';
}

/** Width of the progress bar: the terminal's, when Nx's environment says, at most 100 columns. */
function barWidth(env: NodeJS.ProcessEnv): number {
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 20 ? Math.min(columns, 100) : 80;
}

/**
 * Passes cargo's progress on to the batch's output as it comes, and hands back each line without
 * the progress bar states cargo wrote in front of it (what the attribution reads).
 */
export class LiveOutput {
  /** The bar on the screen now, if any. */
  private bar: string | undefined;

  constructor(
    readonly mode: LiveMode,
    private readonly write: (text: string) => void = (text) => void process.stdout.write(text),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** What cargo needs to draw its bar into a file: asked for unless the user chose otherwise. */
  cargoEnv(): Record<string, string> {
    if (this.mode !== 'terminal' || this.env.CARGO_TERM_PROGRESS_WHEN !== undefined) return {};
    return { CARGO_TERM_PROGRESS_WHEN: 'always', CARGO_TERM_PROGRESS_WIDTH: this.env.CARGO_TERM_PROGRESS_WIDTH ?? String(barWidth(this.env)) };
  }

  /** A whole line of cargo's output: shown live if it is one of cargo's status lines; returned without bars. */
  line(raw: string): string {
    const { text, bar } = withoutProgress(raw);
    if (isStatusLine(text.replace(ANSI, ''))) {
      this.write(this.mode === 'terminal' ? `\r\u001b[K${text}\n` : `${text}\n`);
      this.bar = undefined;
    }
    if (bar !== undefined && this.mode === 'terminal') this.showBar(bar);
    return text;
  }

  /** The start of a line cargo has not finished: in a terminal, its latest bar. */
  partial(pending: string): void {
    if (this.mode !== 'terminal') return;
    const segments = pending.split('\r');
    const last = segments.map(cleared).reverse().find((s) => BAR.test(s.replace(ANSI, '')));
    if (last !== undefined) this.showBar(last);
  }

  /** cargo is done: its bar goes. */
  end(): void {
    if (this.bar !== undefined) this.write('\r\u001b[K');
    this.bar = undefined;
  }

  private showBar(bar: string): void {
    const shown = bar.trimEnd();
    if (shown === this.bar) return;
    this.write(`\r\u001b[K${shown}`);
    this.bar = shown;
  }
}

/** A segment without the erase-line code cargo puts before what replaces its bar. */
function cleared(segment: string): string {
  return segment.replace(/^\u001b\[K/, '');
}

/**
 * A line as cargo meant it, and the last bar drawn before it: cargo draws its bar and ends it with
 * `\r`; what comes next starts with `ESC[K` (erase the line). Only segments shaped like its bar are
 * taken off, so a test's own `\r` output stays as it was.
 */
export function withoutProgress(raw: string): { text: string; bar?: string } {
  if (!raw.includes('\r')) return { text: raw };
  const segments = raw.split('\r');
  const text = segments.pop()!;
  const bars = segments.map(cleared).filter((s) => s !== '');
  if (!bars.every((s) => BAR.test(s.replace(ANSI, '')))) return { text: raw };
  return { text: cleared(text), ...(bars.length ? { bar: bars[bars.length - 1] } : {}) };
}
