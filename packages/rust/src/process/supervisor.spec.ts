/**
 * The supervisor as a real process: compiled from its sources into a temporary folder, run with
 * node, watching over a stand-in for cargo (node) that starts a `sleep` in its group and prints
 * the pids, then ends as told. runProcess with it, for real, in a node process of its own, as
 * the compiled plugin runs it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { decodeReports, NODE_OPTIONS_CARRIER, type Reports } from './supervisor-protocol';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ms-rust-supervisor-'));
  for (const name of ['supervisor', 'group', 'supervisor-protocol', 'child', 'run']) {
    const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    writeFileSync(join(dir, `${name}.js`), outputText);
  }
  symlinkSync(join(__dirname, '../../node_modules'), join(dir, 'node_modules'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The stand-in for cargo: `exit0`, `exit1`, `hang` (until killed), or `term` (ends on SIGTERM). */
const CARGO = `
const { spawn } = require('node:child_process');
const sleep = spawn('sleep', ['30'], { stdio: 'ignore' });
sleep.unref();
console.log(JSON.stringify({ cargo: process.pid, sleep: sleep.pid, nodeOptions: process.env.NODE_OPTIONS ?? null }));
const mode = process.argv[1];
if (mode === 'exit0') process.exit(0);
if (mode === 'exit1') process.exit(1);
setInterval(() => undefined, 1000);
`;

/** Pids started by a test, ended in its cleanup whatever happened. */
let started: number[] = [];
afterEach(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started = [];
});

interface Supervised {
  supervisor: ChildProcess;
  /** What the stand-in printed first: its pid and its sleep's. */
  pids: Promise<{ cargo: number; sleep: number; nodeOptions: string | null }>;
  /** The supervisor's reports once it has exited, with how it exited. */
  ended: Promise<{ reports: Reports; code: number | null; signal: NodeJS.Signals | null }>;
}

function supervise(args: string[], env: Record<string, string> = {}): Supervised {
  const supervisor = spawn(process.execPath, [join(dir, 'supervisor.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
    detached: true,
    env: { ...process.env, ...env },
  });
  started.push(supervisor.pid!);
  let channel = '';
  supervisor.stdio[3]!.on('data', (d) => (channel += d));
  const pids = new Promise<{ cargo: number; sleep: number; nodeOptions: string | null }>((resolve) =>
    createInterface({ input: supervisor.stdout! }).once('line', (line) => {
      const printed = JSON.parse(line);
      started.push(printed.cargo, printed.sleep);
      resolve(printed);
    }),
  );
  const ended = new Promise<{ reports: Reports; code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    supervisor.on('close', (code, signal) => resolve({ reports: decodeReports(channel), code, signal })),
  );
  return { supervisor, pids, ended };
}

const stand_in = (mode: string) => [process.execPath, '-e', CARGO, mode];

/** Whether the process runs (a zombie, ended but not yet reaped, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function gone(pid: number, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('the supervisor', () => {
  it('reports a normal end and leaves what is meant to outlive the command running, also after a failure', async () => {
    for (const [mode, code] of [
      ['exit0', 0],
      ['exit1', 1],
    ] as const) {
      const { pids, ended } = supervise(stand_in(mode));
      const { cargo, sleep } = await pids;
      const { reports } = await ended;
      expect(reports).toEqual({ started: cargo, exited: { code, signal: null } });
      expect(alive(sleep)).toBe(true);
    }
  });

  it('kills what the command started when the command is killed', async () => {
    const { pids, ended } = supervise(stand_in('hang'));
    const { cargo, sleep } = await pids;
    process.kill(cargo, 'SIGKILL');
    expect((await ended).reports.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await gone(sleep)).toBe(true);
  });

  it("kills the command's whole group when the process that started it is gone", async () => {
    const { supervisor, pids, ended } = supervise(stand_in('hang'));
    const { cargo, sleep } = await pids;
    // As when the starter dies: its end of the socket closes.
    supervisor.stdio[3]!.destroy();
    await ended;
    expect(await gone(cargo)).toBe(true);
    expect(await gone(sleep)).toBe(true);
  });

  it("passes a stop signal on to the command's whole group, and does not die of it before the command", async () => {
    const { supervisor, pids, ended } = supervise(stand_in('hang'));
    const { sleep } = await pids;
    supervisor.kill('SIGTERM');
    const { reports, code } = await ended;
    expect(reports.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(code).toBe(0);
    expect(await gone(sleep)).toBe(true);
  });

  it('reports a command that is not on PATH', async () => {
    const { ended } = supervise(['no-such-command-here']);
    expect((await ended).reports).toEqual({ failed: { code: 'ENOENT', message: expect.stringContaining('ENOENT') } });
  });

  it('gives the command the NODE_OPTIONS it was started without', async () => {
    const { pids, ended } = supervise(stand_in('exit0'), { [NODE_OPTIONS_CARRIER]: '--no-warnings' });
    expect((await pids).nodeOptions).toBe('--no-warnings');
    await ended;
  });
});

/** Runs runProcess in a node process of its own; its lines, its result or error, its stderr. */
const DRIVER = `
const { runProcess } = require(process.argv[1]);
const [command, args, options] = JSON.parse(process.argv[2]);
const lines = [];
const start = Date.now();
runProcess(command, args, { ...options, onLine: (line) => lines.push(line) }).then(
  (result) => console.log(JSON.stringify({ result, lines, ms: Date.now() - start })),
  (e) => console.log(JSON.stringify({ error: { name: e.constructor.name, message: e.message }, lines, ms: Date.now() - start })),
);
`;

interface Driven {
  result?: { exitCode: number; signal?: string; stdout: string; interrupted?: string };
  error?: { name: string; message: string };
  lines: string[];
  ms: number;
  stderr: string;
}

function runReal(command: string, args: string[], options: Record<string, unknown>): Promise<Driven> {
  const driver = spawn(process.execPath, ['-e', DRIVER, join(dir, 'run.js'), JSON.stringify([command, args, { cwd: dir, ...options }])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  driver.stdout.on('data', (d) => (stdout += d));
  driver.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) =>
    driver.on('close', () => {
      try {
        resolve({ ...JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`the driver printed no result: ${stdout}${stderr}`));
      }
    }),
  );
}

const node = (script: string) => [process.execPath, ['-e', script]] as const;
const both = [
  ['under the supervisor', {}],
  ['on its own', { supervise: false }],
] as const;

describe.each(both)('runProcess, %s', (_, mode) => {
  it('keeps the order of lines written in turn to stdout and stderr', async () => {
    // Each line its own write, alternating between the two streams, as cargo's `Running …` header
    // (stderr) and the test binary's output (stdout) do.
    const [command, args] = node(`
      const { writeSync } = require('node:fs');
      for (let i = 0; i < 2000; i++) writeSync(1 + (i % 2), 'line ' + i + '\\n');
    `);
    const { result, lines } = await runReal(command, [...args], { output: 'lines', ...mode });
    expect(result?.exitCode).toBe(0);
    expect(lines).toEqual(Array.from({ length: 2000 }, (_, i) => `line ${i}`));
  });

  it('does not wait for a process the child left running with its output', async () => {
    const { result, lines, ms } = await runReal('sh', ['-c', 'sleep 20 & echo "$!"; echo done >&2'], { output: 'lines', ...mode });
    started.push(Number(lines[0]));
    expect(result?.exitCode).toBe(0);
    expect(lines.slice(1)).toEqual(['done']);
    expect(ms).toBeLessThan(10_000);
  }, 30_000);

  it('captures stdout in the terminal mode, and leaves stderr to the terminal', async () => {
    const { result, stderr } = await runReal('sh', ['-c', 'echo out; echo err >&2; exit 3'], { output: 'inherit', captureStdout: true, ...mode });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out\n' });
    expect(stderr).toBe('err\n');
  });

  it('reports a child ended by a signal with the exit code a shell gives', async () => {
    const { result } = await runReal('sh', ['-c', 'kill -TERM $$'], { output: 'lines', ...mode });
    expect(result).toMatchObject({ exitCode: 143, signal: 'SIGTERM', interrupted: 'SIGTERM' });
  });

  it('says why when the child cannot start in a folder that does not exist', async () => {
    const missing = join(dir, 'no-such-folder');
    const { error } = await runReal('sh', ['-c', 'true'], { output: 'lines', cwd: missing, ...mode });
    expect(error).toEqual({ name: 'Error', message: `sh could not be started: its working folder ${missing} does not exist` });
  });

  it('reports a command that is not on PATH', async () => {
    const { error } = await runReal('no-such-command-here', [], { output: 'lines', ...mode });
    expect(error).toEqual({ name: 'CommandNotFoundError', message: 'no-such-command-here was not found on PATH' });
  });
});
