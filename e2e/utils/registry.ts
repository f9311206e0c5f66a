/**
 * A local npm registry (verdaccio) for the tests that install @ms/rust the way a user does: it
 * serves the packed plugin published to it and proxies every other package to the registry npm
 * is configured with. It listens on 127.0.0.1 only, keeps its storage in a temporary folder, and
 * runs in its own process group so that stopping it leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cleanEnv, REPO_ROOT, run } from './workspace';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Environment that points npm (and so `nx add`) at this registry. */
  env: Record<string, string>;
  /** `npm publish <tarball>` as the registry's test user. */
  publish(tarball: string): void;
  /** What verdaccio printed so far, for messages. */
  log(): string;
  /** Stops verdaccio and its whole process group; throws if a process of it is left. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const USER = { name: 'e2e', password: 'e2e-password', email: 'e2e@example.com' };

/** Starts verdaccio with its storage, config and log under `dir`; resolves once it answers. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const upstream = npmConfig('registry') ?? 'https://registry.npmjs.org/';
  const configFile = join(dir, 'config.yaml');
  // JSON is YAML: verdaccio reads it as its config.
  writeFileSync(configFile, JSON.stringify(verdaccioConfig(dir, upstream), null, 2) + '\n');

  const logFile = join(dir, 'verdaccio.log');
  const out = openSync(logFile, 'a');
  const cafile = npmConfig('cafile');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [verdaccioBin(), '--config', configFile, '--listen', `127.0.0.1:${port}`], {
      cwd: dir,
      // Its own process group: stop() kills the group, whatever verdaccio started.
      detached: true,
      stdio: ['ignore', out, out],
      // The CA bundle npm trusts, for the proxied requests to the upstream registry.
      env: cleanEnv(cafile ? { NODE_EXTRA_CA_CERTS: cafile } : {}),
    });
  } finally {
    closeSync(out);
  }
  const log = () => readFileSync(logFile, 'utf8');
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  child.on('error', (e) => (exited = `could not start: ${e.message}`));
  // Last resort if the test process ends without afterAll.
  const killOnExit = () => killGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopGroup(child);
  };
  try {
    await waitUntilAnswering(url, () => exited, log);
  } catch (e) {
    await stop();
    throw e;
  }
  const npmrc = join(dir, 'publisher.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${await addUser(url)}\n`);

  return {
    url,
    env: { npm_config_registry: url },
    publish: (tarball) => {
      run('npm', ['publish', tarball, '--access', 'public', '--tag', 'latest'], dir, {
        env: { npm_config_registry: url, npm_config_userconfig: npmrc },
        timeoutMs: 60_000,
      });
    },
    log,
    stop,
  };
}

function verdaccioConfig(dir: string, upstream: string) {
  const proxy = npmConfig('https-proxy') ?? npmConfig('proxy');
  return {
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd') } },
    uplinks: {
      upstream: {
        url: upstream,
        timeout: '60s',
        // Package documents do not change during a test run.
        maxage: '30m',
        // Do not give up on the upstream registry for minutes after two slow answers.
        max_fails: 10,
        fail_timeout: '10s',
      },
    },
    packages: {
      // Only the published tarball: never a package of that name from the upstream registry.
      '@ms/rust': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated', proxy: 'upstream' },
    },
    ...(proxy ? { https_proxy: proxy, http_proxy: proxy } : {}),
    web: { enable: false },
    middlewares: { audit: { enabled: false } },
    server: { keepAliveTimeout: 60 },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  };
}

function verdaccioBin(): string {
  let pkg: string;
  try {
    pkg = require.resolve('verdaccio/package.json', { paths: [REPO_ROOT] });
  } catch {
    throw new Error('verdaccio is not installed: it is a devDependency of the repository root (`npm install`)');
  }
  const bin = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: string | Record<string, string> }).bin;
  return join(pkg, '..', typeof bin === 'string' ? bin : bin.verdaccio);
}

/** `npm config get <key>`, undefined when unset. */
function npmConfig(key: string): string | undefined {
  const value = run('npm', ['config', 'get', key], REPO_ROOT).stdout.trim();
  return value === '' || value === 'null' || value === 'undefined' ? undefined : value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}

async function waitUntilAnswering(url: string, exited: () => string | undefined, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`verdaccio ${gone} before answering on ${url}:\n${log()}`);
    try {
      const response = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`verdaccio did not answer on ${url}-/ping within ${START_TIMEOUT_MS / 1000}s (last: ${last}):\n${log()}`);
}

/** Registers the test user (verdaccio's htpasswd allows sign-ups) and returns its token. */
async function addUser(url: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:${USER.name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${USER.name}`, type: 'user', roles: [], date: new Date().toISOString(), ...USER }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio refused the test user (HTTP ${response.status}): ${JSON.stringify(body)}`);
  return body.token;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
  for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
  if (groupAlive(pid)) throw new Error(`verdaccio's process group ${pid} is still running after SIGKILL`);
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
