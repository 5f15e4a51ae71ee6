import { describe, expect, it } from 'vitest';
import { checkPlanApiUser, checkPlanServer, comparableUrl } from '../../../src/apply/index.js';
import { ConfigError } from '../../../src/diagnostics/index.js';
import type { Plan } from '../../../src/plan/index.js';

const plan = { server: 'https://studio.ftrackapp.com', api_user: 'svc-access' } as Plan;

describe('checkPlanServer', () => {
  it.each([
    'https://studio.ftrackapp.com',
    'https://studio.ftrackapp.com/',
    'HTTPS://Studio.FtrackApp.com:443',
  ])('accepts %s as the same server', (server) => {
    expect(() => checkPlanServer(plan, server, 'plan.json')).not.toThrow();
  });

  it.each([
    'https://other.ftrackapp.com',
    'http://studio.ftrackapp.com',
    'https://studio.ftrackapp.com/sub',
  ])('refuses %s (FR465)', (server) => {
    expect(() => checkPlanServer(plan, server, 'plan.json')).toThrow(ConfigError);
    try {
      checkPlanServer(plan, server, 'plan.json');
    } catch (error) {
      expect((error as ConfigError).diagnostics[0]?.code).toBe('FR465');
      expect((error as ConfigError).message).toContain(
        'plan.json: The plan was made for the server',
      );
    }
  });

  it('normalises URLs the way the session does', () => {
    expect(comparableUrl('https://Studio.example.com:443/ftrack/')).toBe(
      'https://studio.example.com/ftrack',
    );
    expect(comparableUrl('not a url/')).toBe('not a url');
  });
});

describe('checkPlanApiUser', () => {
  it('refuses a plan made for another API user (FR466)', () => {
    expect(() => checkPlanApiUser(plan, 'svc-access', 'plan.json')).not.toThrow();
    expect(() => checkPlanApiUser(plan, 'maria', 'plan.json')).toThrow(
      /made for the API user "svc-access"/,
    );
  });
});
