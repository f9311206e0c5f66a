import { continuesReport, failedBuildScript, finalFiles, parseMessage, type CompilerArtifact } from './messages';

const artifact = (kind: string[], filenames: string[], executable: string | null = null, test = false): CompilerArtifact => ({
  reason: 'compiler-artifact',
  package_id: 'path+file:///ws/a#0.1.0',
  manifest_path: '/ws/a/Cargo.toml',
  target: { kind, name: 'a', src_path: '/ws/a/src/lib.rs' },
  profile: { test },
  filenames,
  executable,
  fresh: false,
});

describe('cargo messages', () => {
  it('reads JSON messages and leaves text alone', () => {
    expect(parseMessage('{"reason":"build-finished","success":true}')).toEqual({ reason: 'build-finished', success: true });
    expect(parseMessage('   Compiling a v0.1.0')).toBeUndefined();
    expect(parseMessage('{"reason": broken')).toBeUndefined();
  });

  it('keeps binaries and C libraries, not rlibs, metadata or test harnesses', () => {
    expect(finalFiles(artifact(['bin'], ['/t/debug/a'], '/t/debug/a'))).toEqual(['/t/debug/a']);
    expect(finalFiles(artifact(['cdylib', 'rlib'], ['/t/debug/liba.so', '/t/debug/liba.rlib']))).toEqual(['/t/debug/liba.so']);
    expect(finalFiles(artifact(['lib'], ['/t/debug/liba.rlib', '/t/debug/liba.rmeta']))).toEqual([]);
    expect(finalFiles(artifact(['bin'], ['/t/debug/deps/a-123'], '/t/debug/deps/a-123', true))).toEqual([]);
  });

  it("reads cargo's report of a failed build script: whose it is, and where it ends", () => {
    expect(failedBuildScript('error: failed to run custom build command for `a v0.1.0 (/ws/a)`')).toEqual({ package: 'a v0.1.0', manifestPath: '/ws/a/Cargo.toml' });
    expect(failedBuildScript('error: failed to run custom build command for `cc-sys v1.0.0`')).toEqual({ package: 'cc-sys v1.0.0' });
    expect(failedBuildScript('error: could not compile `a` (lib) due to 1 previous error')).toBeUndefined();
    for (const line of ['', 'Caused by:', 'note: To improve backtraces …', '  --- stderr', "  thread 'main' panicked at build.rs:2:5:", '     0: core::panicking::panic_fmt'])
      expect(continuesReport(line)).toBe(true);
    for (const line of ['   Compiling b v0.1.0 (/ws/b)', '    Finished `dev` profile', 'warning: build failed, waiting for other jobs to finish...', 'error: could not compile `b`'])
      expect(continuesReport(line)).toBe(false);
  });
});
