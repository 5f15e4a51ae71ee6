import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/index.js';
import { codeQualityIssues, type CodeQualityIssue } from '../../../src/render/codequality.js';
import { render } from '../../../src/render/index.js';
import { planRunOf, type PlanRun } from '../../../src/render/plan-run.js';
import { samplePlan } from './sample-plans.js';

const at = (file: string, line: number, col = 3) => ({ file, line, col });
const unknownUser: Diagnostic = {
  severity: 'error',
  code: 'FR401',
  summary: 'Unknown user "mariaa" (did you mean "maria"?)',
  hint: 'Create the user in ftrack first.',
  source: at('access/users.yaml', 3),
};

const parse = (text: string) => JSON.parse(text) as CodeQualityIssue[];

describe('codequality: GitLab Code Quality issues', () => {
  it('maps severities: error major, warning minor, info info, a refusing safety rule critical', () => {
    const issues = codeQualityIssues(
      [
        unknownUser,
        { severity: 'warning', code: 'FR404', summary: 'glob', source: at('a.yaml', 2) },
        { severity: 'info', code: 'FR999', summary: 'note', source: at('a.yaml', 4) },
        { severity: 'error', code: 'FR451', summary: 'too many removals', source: at('s.yaml', 7) },
        { severity: 'error', code: 'FR452', summary: 'the API user loses access' },
        { severity: 'warning', code: 'FR454', summary: 'already below', source: at('s.yaml', 9) },
      ],
      'access/settings.yaml',
    );
    expect(issues.map((i) => [i.check_name, i.severity])).toEqual([
      ['FR401', 'major'],
      ['FR404', 'minor'],
      ['FR999', 'info'],
      ['FR451', 'critical'],
      ['FR452', 'critical'],
      ['FR454', 'minor'],
    ]);
  });

  it('puts an issue about no file on line 1 of the fallback path', () => {
    const [issue] = codeQualityIssues(
      [{ severity: 'error', code: 'FR452', summary: 'the API user loses access' }],
      'access/settings.yaml',
    );
    expect(issue!.location).toEqual({ path: 'access/settings.yaml', lines: { begin: 1 } });
  });

  it('writes the description as summary, detail and hint, one per line', () => {
    const [issue] = codeQualityIssues([{ ...unknownUser, detail: 'it was deleted' }], '.');
    expect(issue!.description).toBe(
      'Unknown user "mariaa" (did you mean "maria"?)\nit was deleted\nHint: Create the user in ftrack first.',
    );
  });

  it('fingerprints code, file, line and summary: stable, and not the column, detail or hint', () => {
    const fingerprint = (d: Diagnostic) => codeQualityIssues([d], '.')[0]!.fingerprint;
    const base = fingerprint(unknownUser);
    expect(fingerprint({ ...unknownUser })).toBe(base);
    expect(fingerprint({ ...unknownUser, source: at('access/users.yaml', 3, 40) })).toBe(base);
    expect(fingerprint({ ...unknownUser, detail: 'more', hint: 'other' })).toBe(base);
    const others = [
      fingerprint({ ...unknownUser, code: 'FR402' }),
      fingerprint({ ...unknownUser, source: at('access/other.yaml', 3) }),
      fingerprint({ ...unknownUser, source: at('access/users.yaml', 4) }),
      fingerprint({ ...unknownUser, summary: 'Unknown user "bo"' }),
    ];
    expect(new Set([base, ...others]).size).toBe(5);
  });

  it('reports an issue once when two diagnostics share a fingerprint', () => {
    const twin = { ...unknownUser, source: at('access/users.yaml', 3, 9) };
    expect(codeQualityIssues([unknownUser, twin], '.')).toHaveLength(1);
  });

  it('gives paths as GitLab matches them: forward slashes, no leading ./', () => {
    const issues = codeQualityIssues(
      [
        { ...unknownUser, source: at('access\\users\\a.yaml', 3) },
        { ...unknownUser, source: at('./access/b.yaml', 3) },
      ],
      '.',
    );
    expect(issues.map((i) => i.location.path)).toEqual(['access/users/a.yaml', 'access/b.yaml']);
  });

  it('is the diagnostics view of validate', () => {
    const text = render('diagnostics', 'codequality', {
      diagnostics: [unknownUser, { severity: 'warning', code: 'FR309', summary: 'twice' }],
      files: ['access/users.yaml', 'access/z.yaml'],
    });
    expect(text.endsWith('\n')).toBe(true);
    expect(parse(text).map((i) => [i.check_name, i.location.path, i.location.lines.begin])).toEqual(
      [
        ['FR401', 'access/users.yaml', 3],
        ['FR309', 'access/users.yaml', 1],
      ],
    );
    expect(parse(render('diagnostics', 'codequality', { diagnostics: [], files: [] }))).toEqual([]);
  });
});

describe('codequality: runs of plan and saved plans', () => {
  const run = (over: Partial<PlanRun>): PlanRun => ({
    plan: null,
    diagnostics: [],
    files: ['access'],
    failure: null,
    ...over,
  });

  it('adds one issue for a failure that has no error diagnostic', () => {
    const issues = parse(
      render(
        'planRun',
        'codequality',
        run({
          diagnostics: [
            { severity: 'warning', code: 'FR309', summary: 'twice', source: at('a.yaml', 2) },
          ],
          failure: { kind: 'error', message: 'Cannot reach the server' },
        }),
      ),
    );
    expect(issues.map((i) => [i.check_name, i.severity, i.description, i.location.path])).toEqual([
      ['FR309', 'minor', 'twice', 'a.yaml'],
      ['ftrack-roles plan', 'major', 'Cannot reach the server', 'access'],
    ]);
  });

  it('adds none when the errors are the failure', () => {
    const issues = parse(
      render(
        'planRun',
        'codequality',
        run({
          diagnostics: [unknownUser],
          failure: { kind: 'error', message: 'nothing was planned' },
        }),
      ),
    );
    expect(issues.map((i) => i.check_name)).toEqual(['FR401']);
  });

  it("reports a saved plan's warnings at their source", () => {
    const plan = samplePlan();
    plan.warnings.push({
      code: 'FR404',
      summary: 'The project glob "x_*" matches no project on the server',
      source: 'access/groups.yaml:12:9 (group lighting: a (b))',
    });
    const issues = parse(render('plan', 'codequality', plan));
    expect(
      issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
    ).toEqual([
      ['FR404', 'minor', 'access/groups.yaml', 12],
      ['FR404', 'minor', 'access/users.yaml', 11],
    ]);
    expect(planRunOf(plan).diagnostics[0]!.source).toEqual(at('access/groups.yaml', 12, 9));
  });
});
