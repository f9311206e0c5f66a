import { indexFilePath, versionInIndex, type Fetch } from './sparse-index';

/** A fetch over a map of URL → [status, body]; records what was asked. */
function fakeFetch(pages: Record<string, [number, string]>, needsToken?: string): Fetch & { asked: string[] } {
  const asked: string[] = [];
  const fn = async (url: string, init?: { headers?: Record<string, string> }) => {
    asked.push(url);
    if (needsToken && init?.headers?.Authorization !== needsToken) return { status: 401, text: async () => '' };
    const [status, body] = pages[url] ?? [404, ''];
    return { status, text: async () => body };
  };
  return Object.assign(fn, { asked });
}

const INDEX = 'sparse+http://127.0.0.1:9/index/';
const config: [number, string] = [200, '{"dl":"http://127.0.0.1:9/dl","api":"http://127.0.0.1:9"}'];

describe('indexFilePath', () => {
  it('follows cargo index layout, lowercased', () => {
    expect(['a', 'ab', 'abc', 'Serde_Json', 'abcd'].map(indexFilePath)).toEqual(['1/a', '2/ab', '3/a/abc', 'se/rd/serde_json', 'ab/cd/abcd']);
  });
});

describe('versionInIndex', () => {
  const lines = ['{"name":"core_lib","vers":"0.1.0","yanked":false}', '{"name":"core_lib","vers":"0.2.0+build.1","yanked":true}'].join('\n');
  const pages = { 'http://127.0.0.1:9/index/config.json': config, 'http://127.0.0.1:9/index/co/re/core_lib': [200, lines] as [number, string] };

  it('finds a version listed (yanked ones too, build metadata aside), and not one that is not', async () => {
    expect(await versionInIndex(INDEX, 'core_lib', '0.1.0', fakeFetch(pages))).toEqual({ state: 'present' });
    expect(await versionInIndex(INDEX, 'core_lib', '0.2.0', fakeFetch(pages))).toEqual({ state: 'present' });
    expect(await versionInIndex(INDEX, 'core_lib', '0.3.0', fakeFetch(pages))).toEqual({ state: 'absent' });
    expect(await versionInIndex(INDEX, 'other', '0.1.0', fakeFetch(pages))).toEqual({ state: 'absent' });
  });

  it('cannot tell for a git index, an index without config.json, or one it cannot reach', async () => {
    expect(await versionInIndex('https://github.com/rust-lang/crates.io-index', 'a', '1.0.0', fakeFetch({}))).toMatchObject({ state: 'unknown', why: expect.stringContaining('not a sparse') });
    expect(await versionInIndex(INDEX, 'core_lib', '0.1.0', fakeFetch({}))).toEqual({ state: 'unknown', why: 'http://127.0.0.1:9/index/config.json answered HTTP 404' });
    const down: Fetch = async () => {
      throw new Error('fetch failed');
    };
    expect(await versionInIndex(INDEX, 'core_lib', '0.1.0', down)).toMatchObject({ state: 'unknown', why: expect.stringContaining('fetch failed') });
  });

  it('sends the token to an index that asks for one', async () => {
    expect(await versionInIndex(INDEX, 'core_lib', '0.1.0', fakeFetch(pages, 'secret'), 'secret')).toEqual({ state: 'present' });
    expect(await versionInIndex(INDEX, 'core_lib', '0.1.0', fakeFetch(pages, 'secret'))).toMatchObject({ state: 'unknown', why: expect.stringContaining('HTTP 401') });
  });
});
