import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../../src/diagnostics/index.js';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { applyWorkflow, DeclinedError, type ApplyEvents } from '../../../src/pipeline/apply.js';
import { reportDrift } from '../../../src/pipeline/audit.js';
import { planConfig } from '../../../src/pipeline/plan-config.js';
import { ApiKey, openSession, type Session } from '../../../src/session/index.js';
import { writeRequests } from '../../reliability/helpers.js';

// The pipeline without the terminal: plain functions, a session opener, events. What the
// CLI prints, it prints from these events and return values.

const root = join(import.meta.dirname, '../../..');
const ACCESS = join(root, 'examples/studio/access');
const NOW = () => new Date('2026-01-01T00:00:00Z');
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ seedFile: join(root, 'examples/studio/seed.yaml') });
});
afterAll(async () => {
  await emu.stop();
});

const connect = (): Session =>
  openSession({ server: emu.url, apiUser: 'svc-access', apiKey: new ApiKey('local-demo-key') });

function recorder() {
  const seen: string[] = [];
  return {
    seen,
    events: {
      onReadProgress: () => undefined,
      onReadEnd: () => seen.push('read end'),
      onConfigValid: () => seen.push('config valid'),
      onDiagnostics: (d: readonly { code: string }[]) =>
        seen.push(`diagnostics ${d.map((x) => x.code).join(',')}`),
    },
  };
}

describe('the pipeline, called directly', () => {
  it('plans the example studio and hands back the open session', async () => {
    const { seen, events } = recorder();
    const result = await planConfig({ paths: [ACCESS], cwd: root, now: NOW, connect }, events);
    await result.session.close();
    expect(result.plan.summary).toMatchObject({ assign: 2, modify: 2, remove: 3 });
    expect(result.refusals).toEqual([]);
    expect(result.desired).toBeUndefined(); // handed over to the planner, not kept
    expect(seen).toEqual(['config valid', 'read end']);
  });

  it('refuses an invalid config with a ConfigError after its diagnostics, and sends no write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-pipeline-'));
    writeFileSync(join(dir, 'a.yaml'), 'version: 1\nusers:\n  ana:\n    rolse: {}\n');
    const { seen, events } = recorder();
    const before = writeRequests(emu).length;
    await expect(
      planConfig({ paths: ['a.yaml'], cwd: dir, now: NOW, connect }, events),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(seen).toEqual(['read end', 'diagnostics FR202,FR201']);
    expect(writeRequests(emu).length).toBe(before);
  });

  it('reports a config error before a connection setting error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-pipeline-'));
    writeFileSync(join(dir, 'a.yaml'), 'version: 2\n');
    const refuse = (): Session => {
      throw new UsageError('No server URL given');
    };
    const config = planConfig({ paths: ['a.yaml'], cwd: dir, now: NOW, connect: refuse });
    await expect(config).rejects.toBeInstanceOf(ConfigError);
    const valid = planConfig({ paths: [ACCESS], cwd: root, now: NOW, connect: refuse });
    await expect(valid).rejects.toBeInstanceOf(UsageError);
  });

  it('builds the drift report', async () => {
    const report = await reportDrift({ paths: [ACCESS], cwd: root, now: NOW, connect });
    expect(report.in_sync).toBe(false);
    expect(report.summary.not_applied).toBeGreaterThan(0);
  });

  it('applies only once confirmed, writing its audit lines either way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftrack-roles-pipeline-'));
    const auditFile = join(dir, 'audit.jsonl');
    const shown: string[] = [];
    const events = (answer: 'declined' | 'assumed'): ApplyEvents => ({
      onPlan: (plan) => shown.push(`plan ${plan.summary.changes}`),
      onStatus: (line) => shown.push(line),
      confirm: () => Promise.resolve(answer),
    });
    const input = {
      source: { config: { paths: [ACCESS], cwd: root, now: NOW } },
      connect,
      dryRun: false,
      audit: { file: auditFile, cwd: dir, env: {}, now: NOW, redact: (t: string) => t },
    };
    const before = writeRequests(emu).length;
    await expect(applyWorkflow(input, events('declined'))).rejects.toBeInstanceOf(DeclinedError);
    expect(writeRequests(emu).length).toBe(before);
    const applied = await applyWorkflow(input, events('assumed'));
    expect(applied).toEqual({ outcome: 'applied', auditFailed: false });
    expect(writeRequests(emu).length).toBe(before + 1);
    const outcomes = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { outcome: string }).outcome);
    expect(outcomes).toEqual(['declined', 'pending', 'applied']);
    expect(shown[0]).toBe('plan 7');
    expect(shown.at(-1)).toMatch(/^Applied 7 changes .* and verified them on the server\.$/);
  });
});
