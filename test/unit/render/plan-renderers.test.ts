import { describe, expect, it } from 'vitest';
import { SECURITY_ROLE_ACTIONS } from '../../../src/wire/index.js';
import { formatsOf, MARKDOWN_MAX_LENGTH, render, renderers } from '../../../src/render/index.js';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown.js';
import { renderPlanText } from '../../../src/render/plan-text.js';
import { emptyPlan, hugePlan, samplePlan } from './sample-plans.js';

const golden = (name: string) => `../../fixtures/plan/${name}`;

describe('plan renderers: golden files', () => {
  it.each([
    ['text', 'sample.golden.txt'],
    ['json', 'sample.golden.json'],
    ['markdown', 'sample.golden.md'],
  ] as const)('%s', async (format, file) => {
    await expect(render('plan', format, samplePlan())).toMatchFileSnapshot(golden(file));
  });

  it.each([
    ['text', 'empty.golden.txt'],
    ['json', 'empty.golden.json'],
    ['markdown', 'empty.golden.md'],
  ] as const)('%s without changes', async (format, file) => {
    await expect(render('plan', format, emptyPlan())).toMatchFileSnapshot(golden(file));
  });

  it('text in colour', async () => {
    await expect(renderPlanText(samplePlan(), { color: true })).toMatchFileSnapshot(
      golden('sample-color.golden.txt'),
    );
  });
});

describe('plan renderers: contracts', () => {
  it('ends the text view with the summary line', () => {
    const text = renderPlanText(samplePlan());
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 3 to assign, 3 to modify, 3 to remove.');
    expect(renderPlanText(emptyPlan()).trimEnd().split('\n').at(-1)).toBe(
      'No changes. The server matches the desired state for 1 managed user.',
    );
  });

  it('colours only when asked', () => {
    const esc = '\u001b[';
    expect(renderPlanText(samplePlan())).not.toContain(esc);
    expect(renderPlanText(samplePlan(), { color: true })).toContain(`${esc}32m  + User`);
  });

  it('JSON is the plan value, round-trips, and carries the spec keys first', () => {
    const plan = samplePlan();
    const text = render('plan', 'json', plan);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(Object.keys(parsed).slice(0, 9)).toEqual([
      'format_version',
      'server',
      'api_user',
      'config_digest',
      'state_digest',
      'changes',
      'operations',
      'summary',
      'warnings',
    ]);
    for (const op of plan.operations) expect(SECURITY_ROLE_ACTIONS).toContain(op.action);
  });

  it('keeps Markdown within one comment, with a truncation note', () => {
    const plan = hugePlan(800);
    const full = renderPlanMarkdown(plan, { maxLength: 10_000_000 });
    expect(full.length).toBeGreaterThan(MARKDOWN_MAX_LENGTH);
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md).toMatch(
      /Truncated to fit one comment \(65000 characters\): \d+ users' details not shown/,
    );
    expect(md.startsWith('### ftrack-roles plan')).toBe(true);
    expect(md).toContain('**Plan: 1600 to assign, 0 to modify, 0 to remove.**');
    // The warnings are kept whole, after the details that fit: FR415 is this plan's own.
    expect(md).toContain('- `FR415` The plan has 4000 operations, more than 1000');
    expect(md.indexOf('#### Warnings')).toBeLessThan(md.indexOf('Truncated to fit'));
    expect(renderPlanMarkdown(samplePlan())).not.toMatch(/Truncated/);
  });

  it('escapes Markdown in names', () => {
    const plan = samplePlan();
    plan.changes = plan.changes.map((c) => ({ ...c, user: 'a|b<c>' }));
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('| a\\|b&lt;c&gt; |');
    expect(md).toContain('<strong>a|b&lt;c&gt;</strong>');
  });

  it('registers the formats', () => {
    const formats = ['text', 'json', 'markdown', 'github', 'codequality'];
    expect(Object.keys(renderers.plan)).toEqual(formats);
    expect(formatsOf('plan')).toEqual(formats);
  });
});
