import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_OPTIONS, resolveOptions } from './options';

describe('resolveOptions', () => {
  it('knows exactly the options schema.json declares', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'schema.json'), 'utf8'));
    expect([...KNOWN_OPTIONS].sort()).toEqual(Object.keys(schema.properties).sort());
  });

  it('refuses an unknown option, naming it and the options there are', () => {
    const result = resolveOptions({ command: 'build', bogus: true, __unparsed__: ['--bogus'] } as never);
    expect(result).toEqual({ error: expect.stringMatching(/^@ms\/rust:cargo \(build\) does not take --bogus\. Its options: command, args, .*env\.$/) });
  });

  it('passes what is not an option of its own to the program or test harness, after --', () => {
    const given = { command: 'run', args: ['--bin', 'app'], features: ['x'], help: true, __unparsed__: ['--features', 'x', '--help', 'file.txt'], _: ['file.txt'] };
    expect(resolveOptions(given as never)).toEqual({ options: { command: 'run', args: ['--bin', 'app'], features: ['x'], toolArgs: ['--help', 'file.txt'] } });
    expect(resolveOptions({ command: 'test', toolArgs: ['-q'], __unparsed__: ['my_filter', '--locked'], locked: true } as never)).toEqual({
      options: { command: 'test', toolArgs: ['-q', 'my_filter'], locked: true },
    });
  });

  it('takes one test binary as testTarget for test only, refusing anything else by name', () => {
    expect(resolveOptions({ command: 'test', testTarget: 'test:api' })).toEqual({ options: { command: 'test', testTarget: 'test:api' } });
    expect(resolveOptions({ command: 'test', testTarget: 'tests' })).toEqual({ error: expect.stringMatching(/testTarget "tests" is not one test binary of cargo test: lib, doc, examples/) });
    expect(resolveOptions({ command: 'build', testTarget: 'lib' })).toEqual({ error: expect.stringMatching(/^@ms\/rust:cargo \(build\): testTarget "lib"/) });
  });
});
