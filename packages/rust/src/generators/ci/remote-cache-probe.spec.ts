import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { PIPELINE } from './pipeline';
import { renderWorkflow } from './workflow';

/** The workflow's probe step, run by bash as a runner would, against a real server on loopback. */
const probe = (): string => {
  const text = renderWorkflow({ mainBranch: 'main', stages: PIPELINE.map((kind) => ({ kind, targets: [kind] })), toolchainFiles: [], node: { manager: 'npm', install: 'npm ci', nx: 'npx nx' } });
  const steps = (parse(text) as { jobs: { main: { steps: { name?: string; run?: string }[] } } }).jobs.main.steps;
  const run = steps.find((s) => s.name?.startsWith("Nx's remote cache"))?.run;
  if (!run) throw new Error('the workflow has no remote cache probe step');
  return run;
};

let dir: string;
let server: Server;
let status = 404;
let seenAuth: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuth = req.headers.authorization;
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ms-rust-probe-'));
  writeFileSync(join(dir, 'env'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function runProbe(env: Record<string, string>): Promise<{ githubEnv: string; stdout: string }> {
  const { stdout } = await promisify(execFile)('bash', ['-e', '-c', probe()], { env: { PATH: process.env.PATH ?? '', GITHUB_ENV: join(dir, 'env'), ...env } });
  return { githubEnv: readFileSync(join(dir, 'env'), 'utf8'), stdout };
}

const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe("the CI workflow's remote cache probe", () => {
  it('keeps the cache when the server answers a miss, and sends the token', async () => {
    status = 404;
    const { githubEnv } = await runProbe({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: `${url()}/`, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'secret' });
    expect(githubEnv).toBe('');
    expect(seenAuth).toBe('Bearer secret');
  });

  it('turns the cache off, with a warning, when the token is refused', async () => {
    status = 401;
    const { githubEnv, stdout } = await runProbe({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url(), NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'wrong' });
    expect(githubEnv).toBe('NX_SKIP_REMOTE_CACHE=true\n');
    expect(stdout).toContain("::warning::Nx's remote cache answered 401");
  });

  it('turns the cache off when nothing listens', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const { githubEnv, stdout } = await runProbe({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: `http://127.0.0.1:${port}` });
    expect(githubEnv).toBe('NX_SKIP_REMOTE_CACHE=true\n');
    expect(stdout).toMatch(/answered (000|none)/);
  });

  it('does nothing without a server (a fork has no secrets)', async () => {
    const { githubEnv, stdout } = await runProbe({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: '' });
    expect(githubEnv).toBe('');
    expect(stdout).toBe('');
  });
});
