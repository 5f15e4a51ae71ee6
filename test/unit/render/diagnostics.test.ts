import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/index.js';
import { render } from '../../../src/render/index.js';
import {
  renderDiagnosticsGithub,
  renderDiagnosticsJson,
  renderDiagnosticsText,
  summarizeDiagnostics,
} from '../../../src/render/diagnostics.js';

const diagnostics: Diagnostic[] = [
  {
    severity: 'error',
    code: 'FR001',
    summary: "path 'access' does not exist",
    hint: 'name an existing file or directory',
  },
  {
    severity: 'error',
    code: 'FR201',
    summary: "unknown key 'rolse' (did you mean 'roles'?)",
    hint: 'allowed keys in users.ana: roles',
    source: { file: 'access/users.yaml', line: 4, col: 5 },
  },
  {
    severity: 'warning',
    code: 'FR308',
    summary: "role 'User' of user 'ana' has an empty scope: it is held on no project",
    detail: 'second line, 100% sure: yes',
    source: { file: 'access/a,b.yaml', line: 7, col: 13 },
  },
];
const files = ['access/a,b.yaml', 'access/users.yaml'];
const report = { diagnostics, files };

describe('diagnostics renderers', () => {
  it('summarizes with singulars and plurals', () => {
    expect(summarizeDiagnostics(diagnostics, 2)).toBe('2 errors, 1 warning in 2 files');
    expect(summarizeDiagnostics([], 1)).toBe('0 errors, 0 warnings in 1 file');
    expect(summarizeDiagnostics([{ severity: 'info', code: 'X', summary: 's' }], 0)).toBe(
      '0 errors, 0 warnings, 1 note in 0 files',
    );
  });

  it('renders text without colour', () => {
    expect(renderDiagnosticsText(report, {})).toBe(
      [
        "error FR001: path 'access' does not exist",
        '  hint: name an existing file or directory',
        "access/users.yaml:4:5: error FR201: unknown key 'rolse' (did you mean 'roles'?)",
        '  hint: allowed keys in users.ana: roles',
        "access/a,b.yaml:7:13: warning FR308: role 'User' of user 'ana' has an empty scope: it is held on no project",
        '  second line, 100% sure: yes',
        '',
        '2 errors, 1 warning in 2 files',
        '',
      ].join('\n'),
    );
    expect(renderDiagnosticsText({ diagnostics: [], files }, {})).toBe(
      '0 errors, 0 warnings in 2 files\n',
    );
  });

  it('colours text only when asked', () => {
    const plain = renderDiagnosticsText(report, {});
    const coloured = renderDiagnosticsText(report, { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31merror FR001\u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning FR308\u001b[0m');
    expect(coloured.replace(new RegExp(String.fromCharCode(27) + '\\[\\d+m', 'g'), '')).toBe(plain);
  });

  it('renders the JSON contract', () => {
    const json = JSON.parse(renderDiagnosticsJson(report, {}));
    expect(json).toEqual({
      format_version: 1,
      valid: false,
      error_count: 2,
      warning_count: 1,
      files: ['access/a,b.yaml', 'access/users.yaml'],
      diagnostics: [
        {
          severity: 'error',
          code: 'FR001',
          summary: "path 'access' does not exist",
          detail: null,
          hint: 'name an existing file or directory',
          file: null,
          line: null,
          col: null,
        },
        expect.objectContaining({ code: 'FR201', file: 'access/users.yaml', line: 4, col: 5 }),
        expect.objectContaining({ code: 'FR308', severity: 'warning', hint: null }),
      ],
      summary: '2 errors, 1 warning in 2 files',
    });
    expect(JSON.parse(renderDiagnosticsJson({ diagnostics: [], files }, {}))).toMatchObject({
      valid: true,
    });
  });

  it('renders GitHub workflow commands with escaped properties and messages', () => {
    expect(renderDiagnosticsGithub(report, {})).toBe(
      [
        "::error title=FR001::path 'access' does not exist%0Ahint: name an existing file or directory",
        "::error file=access/users.yaml,line=4,col=5,title=FR201::unknown key 'rolse' (did you mean 'roles'?)%0Ahint: allowed keys in users.ana: roles",
        "::warning file=access/a%2Cb.yaml,line=7,col=13,title=FR308::role 'User' of user 'ana' has an empty scope: it is held on no project%0Asecond line, 100%25 sure: yes",
        '2 errors, 1 warning in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('dispatches by format', () => {
    expect(render('diagnostics', 'github', { diagnostics: [], files })).toBe(
      '0 errors, 0 warnings in 2 files\n',
    );
    expect(render('diagnostics', 'text', { diagnostics: [], files })).toBe(
      '0 errors, 0 warnings in 2 files\n',
    );
  });
});
