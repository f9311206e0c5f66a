/**
 * A self-hosted remote cache for Nx on 127.0.0.1 (`NX_SELF_HOSTED_REMOTE_CACHE_SERVER`,
 * `NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN`): `remote-cache-server.js` run as a process of its
 * own, bodies stored on disk, the token honoured, every request logged. See that file for the
 * contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface CacheRequest {
  method: 'GET' | 'PUT' | string;
  hash: string;
  status: number;
  /** The body's size (PUT) or the answer's (GET 200). */
  bytes: number;
}

export interface RemoteCache {
  /** `http://127.0.0.1:<port>`, for NX_SELF_HOSTED_REMOTE_CACHE_SERVER. */
  url: string;
  /** Every request so far, in order. */
  requests: () => CacheRequest[];
  /** The hashes stored, sorted. */
  stored: () => string[];
  /** The environment pointing Nx at this server with `token` (the read-write one by default). */
  env: (token?: string) => Record<string, string>;
  /** Stops the server process and waits for it to exit. */
  close: () => Promise<void>;
}

export interface RemoteCacheOptions {
  /** Where the bodies are kept (one file per hash); the request log is written beside it. */
  dir: string;
  /** The token that may read and write. */
  token: string;
  /** A token that may only read (PUT answers 403). */
  readOnlyToken?: string;
}

const SERVER = join(__dirname, 'remote-cache-server.js');
const HASH = /^[0-9A-Za-z_-]{1,128}$/;

export async function startRemoteCache(options: RemoteCacheOptions): Promise<RemoteCache> {
  const logFile = `${options.dir}.log`;
  const args = [SERVER, options.dir, logFile, options.token, ...(options.readOnlyToken ? [options.readOnlyToken] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^PORT=(\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the remote cache server exited with ${code} before listening`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as CacheRequest) : []),
    stored: () => readdirSync(options.dir).filter((f) => HASH.test(f)).sort(),
    env: (token = options.token) => ({ NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token }),
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A URL on 127.0.0.1 where nothing listens: a free port, closed again at once. */
export async function downServerUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
