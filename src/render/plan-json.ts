import type { Plan, PlanChange, PlanGroup } from '../plan/types.js';

/**
 * The plan file: the JSON contract of product-spec §4 (docs/plan-format.md,
 * schema/plan.v1.schema.json), keys in a fixed order, 2-space indent, final newline.
 * The API key is never part of a plan.
 */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(orderedPlan(plan), null, 2)}\n`;
}

/** The plan with its keys in the documented order (the spec's keys first). */
export function orderedPlan(plan: Plan): Plan {
  return {
    format_version: plan.format_version,
    server: plan.server,
    api_user: plan.api_user,
    config_digest: plan.config_digest,
    state_digest: plan.state_digest,
    changes: plan.changes.map(orderedChange),
    operations: plan.operations.map((op) => ({
      action: op.action,
      user_id: op.user_id,
      role_id: op.role_id,
      ...(op.new_role_id === undefined ? {} : { new_role_id: op.new_role_id }),
      ...(op.project_id === undefined ? {} : { project_id: op.project_id }),
      ...(op.all_open_projects === undefined ? {} : { all_open_projects: op.all_open_projects }),
    })),
    summary: { ...plan.summary },
    warnings: plan.warnings.map((w) => ({
      code: w.code,
      summary: w.summary,
      ...(w.source === undefined ? {} : { source: w.source }),
      ...(w.hint === undefined ? {} : { hint: w.hint }),
    })),
    managed: { ...plan.managed },
    globs: plan.globs.map((g) => ({ pattern: g.pattern, source: g.source, matched: g.matched })),
    ...(plan.groups === undefined ? {} : { groups: plan.groups.map(orderedGroup) }),
    safety: { ...plan.safety },
  };
}

function orderedChange(c: PlanChange): PlanChange {
  const scope = (s: PlanChange['before']) =>
    s === null ? null : { all_open: s.all_open, projects: s.projects };
  return {
    user: c.user,
    role: c.role,
    before: scope(c.before),
    after: scope(c.after),
    sources: c.sources,
    action: c.action,
    reason: c.reason,
    ...(c.expired === undefined
      ? {}
      : { expired: c.expired.map((e) => ({ until: e.until, source: e.source })) }),
    ...(c.expiring === undefined
      ? {}
      : { expiring: c.expiring.map((e) => ({ until: e.until, source: e.source })) }),
  };
}

function orderedGroup(g: PlanGroup): PlanGroup {
  return {
    group: g.group,
    ftrack_group: g.ftrack_group,
    include_subgroups: g.include_subgroups,
    source: g.source,
    members: g.members.map((m) => ({
      user: m.user,
      via: m.via,
      ...(m.ignored === true ? { ignored: true } : {}),
    })),
  };
}
