import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelOf, pkg } from '../testing/memory-workspace';
import { toolchainCommand, unseenOf, workspaceStateCommand } from './unseen-files';

describe('unseenOf', () => {
  it('finds the unlisted Cargo.lock, the [patch] crates inside the root, and every crate outside it', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n[patch.crates-io]\nin = { path = "vendor/in" }\nfar = { path = "../far" }\n',
      'a/Cargo.toml': pkg('a', '[dependencies]\nout = { path = "../../out" }\n'),
      'a/src/lib.rs': '',
    });
    expect(unseenOf(model.workspaces[0])).toEqual({ lock: true, patchDirs: ['vendor/in'], outside: ['../far', '../out'] });
  });

  it('counts absolute [patch] crates and path dependencies as outside', () => {
    const model = modelOf({
      'Cargo.toml': '[workspace]\nmembers = ["a"]\n[patch.crates-io]\nfar = { path = "/opt/far" }\n',
      'Cargo.lock': '',
      'a/Cargo.toml': pkg('a', '[dependencies]\nout = { path = "/opt/out" }\n'),
      'a/src/lib.rs': '',
    });
    expect(unseenOf(model.workspaces[0])).toEqual({ lock: false, patchDirs: [], outside: ['/opt/far', '/opt/out'] });
  });
});

describe('runtime commands', () => {
  it('runs the toolchain in the Cargo workspace folder', () => {
    expect(toolchainCommand('')).toBe('rustc -vV');
    expect(toolchainCommand('rust/ws')).toBe('cd rust/ws && rustc -vV');
    expect(toolchainCommand('my ws', 'linux')).toBe(`cd 'my ws' && rustc -vV`);
    expect(toolchainCommand('my ws', 'win32')).toBe('cd "my ws" && rustc -vV');
  });

  it('enters a folder of any name through sh, expanding and running nothing', () => {
    const base = mkdtempSync(join(tmpdir(), 'toolchain-'));
    try {
      for (const name of ['we ird$x', 'a"b', 'a\\b', 'a`touch ran`b', "it's", '$(touch ran)', 'x; touch ran #']) {
        mkdirSync(join(base, name));
        // `pwd` stands in for rustc: it prints where the command runs.
        const command = toolchainCommand(name, 'linux').replace(/rustc -vV$/, 'pwd');
        expect(execFileSync('sh', ['-c', command], { cwd: base, encoding: 'utf8' }).trim()).toBe(join(realpathSync(base), name));
      }
      expect(readdirSync(base)).not.toContain('ran');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('refuses, naming it, a folder cmd.exe cannot be given safely', () => {
    expect(() => toolchainCommand('100% ws', 'win32')).toThrow('The Cargo workspace folder "100% ws" holds "%", which cmd.exe cannot be given safely');
    expect(toolchainCommand("it's $HOME", 'win32')).toBe(`cd "it's $HOME" && rustc -vV`);
  });

  it('keeps quotes, spaces and dollars away from the shell, and the strings intact for the module', () => {
    const command = workspaceStateCommand("it's $HOME", { lock: true, patchDirs: [], outside: ['../a b'] });
    expect(command).toBe(`node -e "require('@ms/rust/dist/runtime/cargo-state.js').printWorkspace({dir:'it%27s%20%24HOME',env:true,lock:true,paths:['../a%20b']})"`);
    // What the module receives, decoded, when sh runs the command (as Nx does) with a stand-in for the module.
    const standIn = command.replace(/require\('[^']+'\)\.printWorkspace\((.*)\)"$/, 'const s = $1; console.log(JSON.stringify([decodeURIComponent(s.dir), s.paths.map(decodeURIComponent)]))"');
    expect(standIn).not.toBe(command);
    expect(JSON.parse(execFileSync('sh', ['-c', standIn], { encoding: 'utf8' }))).toEqual(["it's $HOME", ['../a b']]);
  });
});
