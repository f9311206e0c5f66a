/**
 * A local Cargo registry served by the test itself: cargo's sparse index (`/index/config.json`
 * and one file per crate in cargo's index layout, with each version's `cksum` and its
 * dependencies in index form), the publish endpoint of the registry web API
 * (`PUT /api/v1/crates/new`: u32 LE JSON length, JSON metadata, u32 LE .crate length, .crate),
 * downloads (`dl`), a log of publish requests in order, and a switch that refuses one named crate.
 *
 * It runs in a worker thread: the tests drive nx with `spawnSync`, which blocks this thread's
 * event loop, so a server here could not answer cargo. Worker and test share a folder: the
 * registry's storage, `publishes.jsonl` (the log) and `refuse` (the crate to refuse).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface PublishRequest {
  name: string;
  vers: string;
  /** HTTP status the registry answered. */
  status: number;
  /** Why it refused, when it did. */
  detail?: string;
}

export interface CargoRegistry {
  /** `sparse+http://127.0.0.1:<port>/index/` */
  index: string;
  token: string;
  /** A CARGO_HOME whose config.toml makes this registry `local` and cargo's default. */
  cargoHome: string;
  /** Environment for cargo and nx: that CARGO_HOME and the token. */
  env: Record<string, string>;
  /** Publish requests so far, in order (refused ones too). */
  publishes(): PublishRequest[];
  /** Refuse every publish of `crate` (undefined: refuse none). */
  refuse(crate: string | undefined): void;
  /** Versions of `crate` in the index. */
  versions(crate: string): string[];
  stop(): Promise<void>;
}

const TOKEN = 'e2e-registry-token';

/**
 * Starts the registry with its storage under `dir`. `sourceConfig`: cargo config text to keep
 * in the CARGO_HOME (the offline crates' `[source]` replacement), without `[net] offline`, which
 * would keep cargo from the registry.
 */
export async function startCargoRegistry(dir: string, sourceConfig = ''): Promise<CargoRegistry> {
  mkdirSync(dir, { recursive: true });
  const worker = new Worker(`(${serve.toString()})(require('node:worker_threads'))`, { eval: true, workerData: { dir, token: TOKEN } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  const index = `sparse+http://127.0.0.1:${port}/index/`;
  const cargoHome = join(dir, 'cargo-home');
  mkdirSync(cargoHome, { recursive: true });
  const kept = sourceConfig.replace(/^\[net\][^[]*/m, '');
  writeFileSync(join(cargoHome, 'config.toml'), `${kept}\n[registries.local]\nindex = "${index}"\n\n[registry]\ndefault = "local"\n`);
  const log = join(dir, 'publishes.jsonl');
  return {
    index,
    token: TOKEN,
    cargoHome,
    env: { CARGO_HOME: cargoHome, CARGO_REGISTRIES_LOCAL_TOKEN: TOKEN },
    publishes: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as PublishRequest) : []),
    refuse: (crate) => (crate ? writeFileSync(join(dir, 'refuse'), crate) : rmSync(join(dir, 'refuse'), { force: true })),
    versions: (crate) => {
      const file = join(dir, 'index', indexPath(crate));
      return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { vers: string }).vers) : [];
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** cargo's index layout: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`, lowercased. */
export function indexPath(crate: string): string {
  const n = crate.toLowerCase();
  return n.length <= 2 ? `${n.length}/${n}` : n.length === 3 ? `3/${n[0]}/${n}` : `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}


/**
 * The worker's code: self-contained (its source is what the worker runs), so it requires what
 * it uses itself.
 */
function serve(threads: typeof import('node:worker_threads')): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const http = require('node:http') as typeof import('node:http');
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const crypto = require('node:crypto') as typeof import('node:crypto');
  const { dir, token } = threads.workerData as { dir: string; token: string };
  const indexDir = path.join(dir, 'index');
  const crateDir = path.join(dir, 'crates');
  fs.mkdirSync(indexDir, { recursive: true });
  fs.mkdirSync(crateDir, { recursive: true });
  let port = 0;

  const layout = (crate: string) => {
    const n = crate.toLowerCase();
    return n.length <= 2 ? `${n.length}/${n}` : n.length === 3 ? `3/${n[0]}/${n}` : `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
  };
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const log = (entry: Record<string, unknown>) => fs.appendFileSync(path.join(dir, 'publishes.jsonl'), `${JSON.stringify(entry)}\n`);

  interface PublishDep {
    name: string;
    version_req: string;
    features: string[];
    optional: boolean;
    default_features: boolean;
    target: string | null;
    kind: string;
    registry: string | null;
    explicit_name_in_toml: string | null;
  }

  const publish = (body: Buffer, res: import('node:http').ServerResponse) => {
    const jsonLength = body.readUInt32LE(0);
    const meta = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as {
      name: string;
      vers: string;
      deps: PublishDep[];
      features: Record<string, string[]>;
      links: string | null;
      rust_version?: string | null;
    };
    const crateLength = body.readUInt32LE(4 + jsonLength);
    const crate = body.subarray(8 + jsonLength, 8 + jsonLength + crateLength);
    const refused = fs.existsSync(path.join(dir, 'refuse')) ? fs.readFileSync(path.join(dir, 'refuse'), 'utf8').trim() : undefined;
    const refuse = (status: number, detail: string) => {
      log({ name: meta.name, vers: meta.vers, status, detail });
      json(res, status, { errors: [{ detail }] });
    };
    if (crate.length !== crateLength) return refuse(400, `truncated body: the .crate has ${crate.length} of ${crateLength} bytes`);
    if (refused === meta.name) return refuse(500, `the test registry refuses ${meta.name}`);
    const file = path.join(indexDir, layout(meta.name));
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
    if (lines.some((l) => (JSON.parse(l) as { vers: string }).vers === meta.vers)) return refuse(400, `crate version \`${meta.name}@${meta.vers}\` is already uploaded`);
    const entry = {
      name: meta.name,
      vers: meta.vers,
      deps: meta.deps.map((d) => ({
        name: d.explicit_name_in_toml ?? d.name,
        req: d.version_req,
        features: d.features,
        optional: d.optional,
        default_features: d.default_features,
        target: d.target,
        kind: d.kind,
        ...(d.registry ? { registry: d.registry } : {}),
        ...(d.explicit_name_in_toml ? { package: d.name } : {}),
      })),
      cksum: crypto.createHash('sha256').update(crate).digest('hex'),
      features: meta.features,
      yanked: false,
      links: meta.links,
      ...(meta.rust_version ? { rust_version: meta.rust_version } : {}),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.mkdirSync(path.join(crateDir, meta.name), { recursive: true });
    fs.writeFileSync(path.join(crateDir, meta.name, `${meta.vers}.crate`), crate);
    fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
    log({ name: meta.name, vers: meta.vers, status: 200 });
    json(res, 200, { warnings: { invalid_categories: [], invalid_badges: [], other: [] } });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname;
    if (req.method === 'GET' && route === '/index/config.json') return json(res, 200, { dl: `http://127.0.0.1:${port}/dl`, api: `http://127.0.0.1:${port}` });
    if (req.method === 'GET' && route.startsWith('/index/')) {
      const file = path.join(indexDir, route.slice('/index/'.length));
      if (!file.startsWith(indexDir) || !fs.existsSync(file)) return json(res, 404, { errors: [{ detail: 'not found' }] });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(fs.readFileSync(file));
    }
    const download = /^\/dl\/([^/]+)\/([^/]+)\/download$/.exec(route);
    if (req.method === 'GET' && download) {
      const file = path.join(crateDir, download[1], `${download[2]}.crate`);
      if (!fs.existsSync(file)) return json(res, 404, { errors: [{ detail: 'not found' }] });
      res.writeHead(200, { 'content-type': 'application/gzip' });
      return res.end(fs.readFileSync(file));
    }
    if (req.method === 'PUT' && route === '/api/v1/crates/new') {
      if (req.headers.authorization !== token) return json(res, 403, { errors: [{ detail: 'wrong or missing token in the Authorization header' }] });
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          publish(Buffer.concat(chunks), res);
        } catch (e) {
          json(res, 400, { errors: [{ detail: `bad publish body: ${(e as Error).message}` }] });
        }
      });
      return;
    }
    json(res, 404, { errors: [{ detail: `no route ${req.method} ${route}` }] });
  });
  server.listen(0, '127.0.0.1', () => {
    port = (server.address() as import('node:net').AddressInfo).port;
    threads.parentPort!.postMessage({ port });
  });
}
