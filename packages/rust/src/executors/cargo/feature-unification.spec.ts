import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conflicts, featureless, parseFeatureTree, partitionByFeatures } from './feature-unification';

/** Real `cargo tree -e features --charset ascii -f '{p}|{f}'` output (cargo 1.95), paths shortened to /ws. */
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

// `cargo tree -e features,no-dev --prefix none -f '{p}|{f}'` of app (base without features) and of
// other (base with `loud`), as cargo 1.95 prints them.
const APP = ['app v0.1.0 (/ws/app)|', 'base feature "default"', 'base v0.1.0 (/ws/base)|'].join('\n');
const OTHER = ['other v0.1.0 (/ws/other)|', 'base feature "default" (*)', 'base feature "loud"', 'base v0.1.0 (/ws/base)|loud', 'base v0.1.0 (/ws/base)|loud (*)'].join('\n');
const SOLO = 'solo v0.1.0 (/ws/solo)|\n';
const CLAP = ['tool v0.1.0 (/ws/tool)|', 'clap v4.0.32 derive,std,color', 'clap v4.0.32|std,derive,color', 'clap_derive v4.0.21 (proc-macro)|default'].join('\n');

describe('parseFeatureTree', () => {
  it('reads each package with its feature lists, ignoring feature nodes, repeats and other lines', () => {
    expect(parseFeatureTree(OTHER)).toEqual(
      new Map([
        ['other v0.1.0 (/ws/other)', new Set([''])],
        ['base v0.1.0 (/ws/base)', new Set(['loud'])],
      ]),
    );
    // Features come sorted, so that the same set always reads the same.
    expect(parseFeatureTree(CLAP).get('clap v4.0.32')).toEqual(new Set(['color,derive,std']));
    // A proc-macro is built for the host.
    expect(parseFeatureTree(CLAP).get('clap_derive v4.0.21 (proc-macro) [host]')).toEqual(new Set(['default']));
  });

  it('keeps both lists of a package built with different features for the host and the target', () => {
    const tree = parseFeatureTree('a v1.0.0 (/ws/a)|\nserde v1.0.0|std\nserde v1.0.0|derive,std\n');
    expect(tree.get('serde v1.0.0')).toEqual(new Set(['std', 'derive,std']));
  });

  it('tells the host build of a package (below a build-dependency edge or a proc-macro) from the target one', () => {
    expect(parseFeatureTree(fixture('tree-proc-macro.txt'))).toEqual(
      new Map([
        ['top v0.1.0 (/ws/top)', new Set([''])],
        ['inner v0.1.0 (/ws/inner)', new Set(['t'])],
        ['pmac v0.1.0 (proc-macro) (/ws/pmac) [host]', new Set([''])],
        ['inner v0.1.0 (/ws/inner) [host]', new Set(['h'])],
      ]),
    );
    expect(parseFeatureTree(fixture('tree-ha.txt'))).toEqual(
      new Map([
        ['ha v0.1.0 (/ws/ha)', new Set([''])],
        ['dual v0.1.0 (/ws/dual)', new Set(['b'])],
        ['dual v0.1.0 (/ws/dual) [host]', new Set(['a'])],
      ]),
    );
  });

  it('sees crates asking for the same features of a package for the host and the target the other way round', () => {
    expect(conflicts(parseFeatureTree(fixture('tree-ha.txt')), parseFeatureTree(fixture('tree-hb.txt')))).toEqual([
      'dual v0.1.0 (/ws/dual)',
      'dual v0.1.0 (/ws/dual) [host]',
    ]);
  });

  it('reads no package from what cargo prints on stderr', () => {
    const tree = parseFeatureTree('warning: unused manifest key: package.x\n  |\n1 | x = "|"\n  |     ^^^\na v1.0.0 (/ws/a)|\n');
    expect([...tree.keys()]).toEqual(['a v1.0.0 (/ws/a)']);
  });
});

describe('conflicts and partitionByFeatures', () => {
  const app = parseFeatureTree(APP);
  const other = parseFeatureTree(OTHER);
  const solo = parseFeatureTree(SOLO);

  it('names the packages two selections both reach but resolve differently', () => {
    expect(conflicts(app, other)).toEqual(['base v0.1.0 (/ws/base)']);
    expect(conflicts(app, solo)).toEqual([]);
    expect(conflicts(app, app)).toEqual([]);
    expect(featureless(app)).toBe(true);
    expect(featureless(other)).toBe(false);
  });

  it('counts a package read with two lists for one kind of build as a difference', () => {
    const a = parseFeatureTree('a v0.1.0 (/ws/a)|\np v0.1.0 (/ws/p)|a\np v0.1.0 (/ws/p)|b\n');
    const b = parseFeatureTree('b v0.1.0 (/ws/b)|\np v0.1.0 (/ws/p)|b\np v0.1.0 (/ws/p)|a\n');
    expect(conflicts(a, b)).toEqual(['p v0.1.0 (/ws/p)']);
  });

  it('keeps crates that agree together, in order, and puts the others apart', () => {
    const of: Record<string, ReturnType<typeof parseFeatureTree>> = { app, other, solo, base: parseFeatureTree('base v0.1.0 (/ws/base)|\n') };
    expect(partitionByFeatures(['app', 'other', 'solo', 'base'], (id) => of[id])).toEqual([['app', 'solo', 'base'], ['other']]);
  });

  it('runs crates whose resolution is unknown each on their own', () => {
    expect(partitionByFeatures(['a', 'b', 'c'], () => undefined)).toEqual([['a'], ['b'], ['c']]);
  });
});
