import { NX_VERSION } from '@nx/devkit';
import { nxBehaviour } from './nx-version';

describe('nxBehaviour', () => {
  it('takes Nx 22 and 23 for what they are: no lock gate outputs read, no shared targetDefaults', () => {
    for (const version of ['22.0.0', '22.7.12', '23.1.0', '23.3.2']) {
      expect(nxBehaviour(version)).toEqual({ version, readsLockGateOutputs: false, sharedTargetDefaults: false });
    }
  });

  it('takes Nx 24, later majors and local builds of nx for the Nx the configuration is written for', () => {
    for (const version of ['24.0.0', '24.0.6', '25.1.0-beta.1', '0.0.0-local', 'unknown']) {
      expect(nxBehaviour(version)).toEqual({ version, readsLockGateOutputs: true, sharedTargetDefaults: true });
    }
  });

  it('reads the installed nx by default', () => {
    expect(nxBehaviour().version).toBe(NX_VERSION);
  });
});
