/**
 * The server of `remote-cache.ts`, run as a process of its own: the tests drive nx with
 * spawnSync, which blocks their event loop, so a server inside the test process could not answer.
 *
 * Usage: node remote-cache-server.js <dir> <log file> <token> [read-only token]
 * Prints `PORT=<n>` once it listens on 127.0.0.1 (a free port); stops on SIGTERM.
 *
 * The contract (Nx's OpenAPI specification of its self-hosted remote cache):
 * - `PUT /v1/cache/{hash}`, body the task's outputs as a tar.gz: 200 stored, 409 when the hash is
 *   already stored (entries are never overwritten), 403 for a read-only token;
 * - `GET /v1/cache/{hash}`: 200 with the stored body (application/octet-stream), 404 when absent;
 * - both: `Authorization: Bearer <token>`, else 401 with a text/plain reason.
 * Bodies are files under <dir>, one per hash; each request is a JSON line of <log file>
 * (method, hash, status, bytes).
 */
'use strict';
const { createServer } = require('node:http');
const { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [dir, logFile, token, readOnlyToken] = process.argv.slice(2);
if (!dir || !logFile || !token) {
  process.stderr.write('usage: node remote-cache-server.js <dir> <log file> <token> [read-only token]\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });

/** Nx's task hashes are decimal digits; anything else is refused rather than made a file name. */
const HASH = /^[0-9A-Za-z_-]{1,128}$/;

function text(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handle(req, res) {
  const method = req.method ?? '';
  const hash = /^\/v1\/cache\/([^/?]+)$/.exec(req.url ?? '')?.[1] ?? '';
  const answer = (status, body, bytes = 0) => {
    appendFileSync(logFile, JSON.stringify({ method, hash, status, bytes }) + '\n');
    if (typeof body === 'string') return text(res, status, body);
    res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  };
  const body = await readBody(req);
  if (!HASH.test(hash) || (method !== 'GET' && method !== 'PUT')) return answer(404, 'Not Found');
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const readOnly = readOnlyToken !== undefined && given === readOnlyToken;
  if (given !== token && !readOnly) return answer(401, 'Missing or invalid authentication token');
  const file = join(dir, hash);
  if (method === 'GET') {
    if (!existsSync(file)) return answer(404, 'The record was not found');
    const stored = readFileSync(file);
    return answer(200, stored, stored.length);
  }
  if (readOnly) return answer(403, 'Access forbidden', body.length);
  if (existsSync(file)) return answer(409, 'Cannot override an existing record', body.length);
  // Written aside, then renamed: a GET never sees half a body.
  writeFileSync(`${file}.part`, body);
  renameSync(`${file}.part`, file);
  return answer(200, 'Successfully uploaded the output', body.length);
}

const server = createServer((req, res) => {
  handle(req, res).catch((e) => {
    appendFileSync(logFile, JSON.stringify({ method: req.method, hash: '', status: 500, bytes: 0, error: String(e) }) + '\n');
    if (!res.headersSent) text(res, 500, `remote cache: ${e}`);
    else res.destroy();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT=${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
