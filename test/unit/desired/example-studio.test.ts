import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../../src/pipeline/load-desired.js';

const studio = join(import.meta.dirname, '../../../examples/studio');

describe('the example studio (Northlight Pictures)', () => {
  it('loads into the desired state described for the demo', async () => {
    const { desired, diagnostics, files } = await loadDesiredState(['access'], { cwd: studio });
    expect(diagnostics).toEqual([]);
    expect(files).toEqual([
      'access/groups.yaml',
      'access/roles.yaml',
      'access/settings.yaml',
      'access/users/admins.yaml',
      'access/users/artists.yaml',
      'access/users/production.yaml',
      'access/users/review.yaml',
    ]);
    expect(desired?.configDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const scopes = Object.fromEntries(
      [...desired!.users.values()].map((user) => [
        user.username,
        Object.fromEntries(
          [...user.roles.values()].map((grant) => {
            const projects = [...grant.projects.keys()];
            const allOpen = grant.allOpen.length > 0;
            return [grant.role, allOpen ? ['all-open', ...projects] : projects];
          }),
        ),
      ]),
    );
    expect(scopes).toEqual({
      // ana, bo and chen also get User all-open from the ftrack group Lighting (plan time).
      ana: { Lead: ['show_*'], User: ['falcon'] },
      dara: { User: ['all-open', 'falcon'] },
      eli: { User: ['all-open'] },
      fatima: { User: ['all-open'] },
      goran: { User: ['all-open'] },
      hana: {
        Reviewer: ['all-open', 'falcon'],
        Supervisor: ['harbor', 'nebula'],
        User: ['falcon'],
      },
      ivan: { Supervisor: ['harbor', 'nebula'], User: ['all-open'] },
      jules: { 'Restricted User': ['nebula'], User: ['falcon'] },
      kim: { User: ['all-open'] },
      leo: { User: ['all-open'] },
      liam: { 'Project Manager': ['falcon', 'show_*'], User: ['all-open'] },
      maria: { Administrator: ['all-open'] },
      mina: { User: ['all-open'] },
      noah: { User: ['all-open'] },
      olga: { User: ['all-open'] },
      pat: { Reviewer: ['ember'] },
      priya: { 'Project Manager': ['harbor', 'nebula'], User: ['all-open'] },
      tomas: { Administrator: ['all-open'] },
    });
    expect(desired!.settings).toMatchObject({
      manage: 'owned',
      inactiveUsers: 'remove',
      ignoreUsers: ['svc-*'],
      protected: [{ role: 'Administrator', minHolders: 2 }],
      maxRemovals: 25,
    });
    expect([...desired!.catalogue.values()].filter((r) => r.retired).map((r) => r.name)).toEqual([
      'Legacy Editor',
    ]);
    expect(desired!.catalogue.size).toBe(9);
    expect([...desired!.groups.keys()]).toEqual(['comp', 'falcon-team', 'lighting', 'supervisors']);
    expect(desired!.groups.get('lighting')?.ftrackGroup).toMatchObject({
      name: 'Lighting',
      includeSubgroups: true,
    });
    const pat = desired!.users.get('pat')?.roles.get('Reviewer');
    expect(pat?.expiries?.map((e) => e.until)).toEqual(['2027-04-01']);
  });
});
