import type { Plan } from '../../../src/plan/index.js';
import { runPlan } from '../plan/helpers.js';

/** A plan with every kind of change, a swap, a glob, a warning: the golden-file input. */
export function samplePlan(): Plan {
  return runPlan(
    {
      projects: [
        { name: 'nebula' },
        { name: 'harbor' },
        { name: 'show_tide' },
        { name: 'show_reef' },
        { name: 'falcon', private: true },
      ],
      users: [
        { username: 'bo' },
        { username: 'chen', roles: { User: ['nebula'] } },
        { username: 'hana', roles: { Reviewer: 'all-open' } },
        { username: 'kim', roles: { User: 'all-open', 'Project Manager': ['show_reef'] } },
        { username: 'liam', roles: { Lead: ['harbor'] } },
        { username: 'pat', roles: { Reviewer: ['harbor'], 'Legacy Editor': 'all-open' } },
        { username: 'tomas', roles: { User: 'all-open' } },
      ],
    },
    {
      catalogue: { 'Legacy Editor': { retired: true } },
      users: {
        bo: { User: 'all-open' },
        chen: { User: 'all-open' },
        hana: { Reviewer: { all_open: true, projects: ['falcon'] } },
        kim: { User: 'all-open' },
        liam: { Supervisor: ['harbor'], 'Project Manager': ['show_*', 'falcon', 'film_*'] },
        pat: { Reviewer: ['harbor'] },
        tomas: { User: ['nebula', 'harbor'] },
      },
      groups: { lighting: { members: ['bo', 'chen'], roles: { User: 'all-open' } } },
    },
  ).plan;
}

export function emptyPlan(): Plan {
  return runPlan(
    { users: [{ username: 'ana', roles: { User: 'all-open' } }] },
    { users: { ana: { User: 'all-open' } } },
  ).plan;
}

/** Many users, for the Markdown size limit. */
export function hugePlan(users: number): Plan {
  const names = Array.from({ length: users }, (_, i) => `user${String(i).padStart(4, '0')}`);
  return runPlan(
    { users: names.map((username) => ({ username })) },
    {
      settings: { maxRemovals: 100_000 },
      users: Object.fromEntries(
        names.map((n) => [n, { User: 'all-open', Lead: ['alpha', 'beta'] }]),
      ),
    },
  ).plan;
}
