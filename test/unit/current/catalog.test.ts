import { describe, expect, it } from 'vitest';
import { buildCatalog, catalogToCurrentState, parseCatalog } from '../../../src/current/index.js';
import { CATALOG_SCHEMA_ID, loadCatalogSchema } from '../../../src/current/catalog-file.js';
import { checkWithCatalog } from '../../../src/pipeline/validate.js';
import { render } from '../../../src/render/index.js';
import { desiredFromTexts } from '../../../src/pipeline/load-desired.js';
import { resolveDesiredState } from '../../../src/plan/index.js';
import { fileTexts } from '../config/helpers.js';
import { serverState } from '../plan/builders.js';

const server = serverState({
  users: [
    { username: 'ana', roles: { User: 'all-open' } },
    { username: 'old', active: false },
  ],
  groups: [
    { name: 'Lighting', members: ['ana'] },
    { name: 'FX', parent: 'Lighting', members: ['old', 'ana'] },
  ],
});

const CONFIG = [
  'version: 1',
  'groups:',
  '  fx:',
  '    ftrack_group: Lighting',
  '    include_subgroups: true',
  '    roles: { Lead: [alpha] }',
  '  typo:',
  '    ftrack_group: Lightin',
  '    roles: {}',
  'users:',
  '  anaa: { roles: { Usr: [alph, "film_*"] } }',
  '  ana: { roles: { API: all-open, Restricted User: [secret] } }',
  '',
].join('\n');

describe('the offline catalogue', () => {
  it('keeps names and flags, sorted, and passes its own schema', () => {
    const catalog = buildCatalog(server, new Date('2026-05-04T03:02:01Z'));
    expect(catalog.users).toEqual([
      { username: 'ana', is_active: true },
      { username: 'old', is_active: false },
      { username: 'svc', is_active: true },
    ]);
    expect(catalog.projects).toContainEqual({ name: 'secret', is_private: true });
    expect(catalog.roles).toContainEqual({ name: 'API', type: 'API' });
    expect(catalog.groups).toEqual([
      { name: 'FX', parent: 'Lighting', members: ['ana', 'old'] },
      { name: 'Lighting', parent: null, members: ['ana'] },
    ]);
    expect(parseCatalog(render('catalog', 'json', catalog), 'c.json')).toEqual({ catalog });
    expect(loadCatalogSchema()['$id']).toBe(CATALOG_SCHEMA_ID);
  });

  it('gives the same diagnostics as the planner against the server itself', () => {
    const { desired } = desiredFromTexts(fileTexts({ 'a.yaml': CONFIG }));
    const catalog = buildCatalog(server, new Date(0));
    const offline = checkWithCatalog(desired!, catalog, new Date(0));
    const online = resolveDesiredState(desired!, server).diagnostics;
    expect(offline).toEqual(online);
    expect(offline.map((d) => `${d.source?.line}:${d.source?.col} ${d.code}`)).toEqual([
      '4:19 FR407',
      '8:19 FR408',
      '11:3 FR401',
      '11:20 FR402',
      '11:26 FR403',
      '11:32 FR404',
      '12:19 FR405',
      '12:52 FR406',
    ]);
  });

  it('expands ftrack groups from the catalogue like the server does', () => {
    const state = catalogToCurrentState(buildCatalog(server, new Date(0)));
    const { desired } = desiredFromTexts(fileTexts({ 'a.yaml': CONFIG }));
    const resolved = resolveDesiredState(desired!, state);
    expect(resolved.groups[0]?.members).toEqual([
      { user: 'ana', via: [['Lighting'], ['Lighting', 'FX']] },
      { user: 'old', via: [['Lighting', 'FX']] },
    ]);
  });

  it('refuses files that are not catalogues', () => {
    const code = (text: string) => {
      const read = parseCatalog(text, 'c.json');
      return 'diagnostic' in read ? read.diagnostic.code : 'ok';
    };
    expect(code('{')).toBe('FR481');
    expect(code('{"format_version": 2}')).toBe('FR482');
    expect(code('null')).toBe('FR482');
    const valid = JSON.parse(
      render('catalog', 'json', buildCatalog(server, new Date(0))),
    ) as Record<string, unknown>;
    expect(code(JSON.stringify({ ...valid, api_key: 'x' }))).toBe('FR483');
    expect(code(JSON.stringify({ ...valid, users: [{ username: 'a' }] }))).toBe('FR483');
  });
});
