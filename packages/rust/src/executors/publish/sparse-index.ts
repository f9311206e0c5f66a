/**
 * Whether a registry's index lists a crate version, read over cargo's sparse protocol: the
 * index's `config.json`, then the crate's file (`1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`, the name
 * lowercased), one JSON line per published version. Yanked versions count: cargo refuses to
 * publish those again too.
 */
export type IndexAnswer = { state: 'present' } | { state: 'absent' } | { state: 'unknown'; why: string };

/** A `fetch` as Node's global one: the tests give their own. */
export type Fetch = (url: string, init?: { headers?: Record<string, string> }) => Promise<{ status: number; text(): Promise<string> }>;

/** Where cargo's index layout puts a crate's file, relative to the index root. */
export function indexFilePath(crate: string): string {
  const name = crate.toLowerCase();
  if (name.length <= 2) return `${name.length}/${name}`;
  if (name.length === 3) return `3/${name[0]}/${name}`;
  return `${name.slice(0, 2)}/${name.slice(2, 4)}/${name}`;
}

/** `1.2.3+build` and `1.2.3` are one version to a registry. */
const withoutBuild = (version: string) => version.replace(/\+.*$/, '');

/** The status codes cargo takes as "no such crate" from a sparse index. */
const NOT_FOUND = new Set([404, 410, 451]);

export async function versionInIndex(index: string, crate: string, version: string, fetchFn: Fetch, token?: string): Promise<IndexAnswer> {
  if (!index.startsWith('sparse+')) {
    return { state: 'unknown', why: `its index ${index} is not a sparse (sparse+http…) index, which is all this check reads` };
  }
  const base = index.slice('sparse+'.length).replace(/\/?$/, '/');
  const get = async (path: string) => {
    const url = base + path;
    let response = await fetchFn(url);
    // An index that requires authentication takes the token cargo would send it.
    if (response.status === 401 && token) response = await fetchFn(url, { headers: { Authorization: token } });
    return { url, response };
  };
  try {
    const config = await get('config.json');
    if (config.response.status !== 200) return { state: 'unknown', why: `${config.url} answered HTTP ${config.response.status}` };
    const file = await get(indexFilePath(crate));
    if (NOT_FOUND.has(file.response.status)) return { state: 'absent' };
    if (file.response.status !== 200) return { state: 'unknown', why: `${file.url} answered HTTP ${file.response.status}` };
    const wanted = withoutBuild(version);
    for (const line of (await file.response.text()).split('\n')) {
      if (!line.trim()) continue;
      let entry: { name?: unknown; vers?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return { state: 'unknown', why: `${file.url} holds a line that is not JSON: ${line.slice(0, 80)}` };
      }
      if (typeof entry.vers === 'string' && withoutBuild(entry.vers) === wanted) return { state: 'present' };
    }
    return { state: 'absent' };
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    return { state: 'unknown', why: `reading ${base} failed: ${(e as Error).message}${cause ? ` (${cause})` : ''}` };
  }
}
