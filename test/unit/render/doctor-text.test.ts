import { describe, expect, it } from 'vitest';
import { formatsOf, render } from '../../../src/render/index.js';
import {
  buildDoctorReport,
  unknowableChecks,
  type DoctorReport,
} from '../../../src/report/index.js';

const golden = (name: string) => `../../fixtures/doctor/${name}`;

function sampleReport(): DoctorReport {
  return buildDoctorReport({
    server: 'https://studio.ftrackapp.com',
    apiUser: 'svc-access',
    checkedAt: new Date('2026-01-01T00:00:00Z'),
    checks: [
      ...unknowableChecks(),
      {
        id: 'url',
        status: 'error',
        summary: 'The URL ends in /api: ftrack-roles adds /api itself.',
        hint: 'Use --server https://studio.ftrackapp.com.',
      },
      {
        id: 'proxy',
        status: 'ok',
        summary: 'Direct: no HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is set.',
      },
      { id: 'credentials', status: 'ok', summary: 'svc-access and the API key were accepted.' },
      {
        id: 'clock',
        status: 'warning',
        summary: "This machine's clock is about 10 min behind the server's.",
        hint: 'Synchronise the clock (NTP).',
        details: { skew_ms: 600000, uncertainty_ms: 550 },
      },
    ],
    skipReason: 'an example',
  });
}

describe('doctor renderers', () => {
  it('offers text and json', () => {
    expect(formatsOf('doctor')).toEqual(['text', 'json']);
  });

  it.each([
    ['text', 'sample.golden.txt'],
    ['json', 'sample.golden.json'],
  ] as const)('%s: golden file', async (format, file) => {
    await expect(render('doctor', format, sampleReport())).toMatchFileSnapshot(golden(file));
  });

  it('text: one line per check, the hint indented below, the verdict last', () => {
    const lines = render('doctor', 'text', sampleReport()).trimEnd().split('\n');
    expect(lines[0]).toBe('ftrack-roles doctor: https://studio.ftrackapp.com as svc-access');
    expect(lines[2]).toBe(
      'ERROR url            The URL ends in /api: ftrack-roles adds /api itself.',
    );
    expect(lines[3]).toBe('                     hint: Use --server https://studio.ftrackapp.com.');
    expect(lines.at(-1)).toBe(
      'Not ready: 2 ok, 1 warning, 1 error, 3 info, 11 skipped; fix url (exit 1).',
    );
  });

  it('colours the marks only when asked', () => {
    expect(render('doctor', 'text', sampleReport())).not.toContain('\u001b[');
    expect(render('doctor', 'text', sampleReport(), { color: true })).toContain(
      '\u001b[31mERROR\u001b[0m',
    );
  });

  it('json: the versioned model as is', () => {
    const parsed = JSON.parse(render('doctor', 'json', sampleReport())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'format_version',
      'server',
      'api_user',
      'checked_at',
      'ready',
      'summary',
      'checks',
    ]);
    expect(parsed['format_version']).toBe(1);
  });
});
