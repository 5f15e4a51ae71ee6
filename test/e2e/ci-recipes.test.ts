import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');
const yamlFiles = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
const recipes = yamlFiles('examples/ci');
/** The recipes, the GitLab template they include, and the action they use. */
const withCommands = [...recipes, ...yamlFiles('ci/gitlab')];

/** Every `ftrack-roles …` command line in the shell steps of a recipe, cut at shell operators. */
function commandLines(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.replace(/^\s*(-\s+)?(run:\s*)?/, '');
    if (code.trimStart().startsWith('#')) continue;
    for (const m of code.matchAll(/(?:^|[\s;(&|])ftrack-roles\s([^\n]*)/g)) {
      const args = m[1]!.split(/\s*(?:\|\||&&|[|;>)]|2>)/)[0]!.trim();
      found.push(args);
    }
  }
  return found;
}

/** Parses argv with the real program, with every action replaced by a no-op. */
async function parses(argv: string[]): Promise<string> {
  const fake = fakeIo(root);
  const program = buildProgram(fake.io, () => undefined);
  const silence = (command: Command): void => {
    command.action(() => undefined);
    command.commands.forEach(silence);
  };
  program.commands.forEach(silence);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 'ok';
  } catch (error) {
    return `${(error as Error).message}\n${fake.stderr()}`;
  }
}

describe('CI recipes in examples/ci', () => {
  it('has the GitHub Actions and GitLab CI recipes', () => {
    expect(recipes.map((f) => relative(root, f)).sort()).toEqual([
      'examples/ci/github/access-apply.yml',
      'examples/ci/github/access-drift.yml',
      'examples/ci/github/access-plan.yml',
      'examples/ci/github/access-review.yml',
      'examples/ci/gitlab/.gitlab-ci.yml',
    ]);
  });

  for (const file of withCommands) {
    const name = relative(root, file);
    it(`${name} is valid YAML whose ftrack-roles command lines parse with the real CLI`, async () => {
      const text = readFileSync(file, 'utf8');
      const documents = parseAllDocuments(text, { uniqueKeys: true });
      expect(documents.flatMap((d) => d.errors)).toEqual([]);
      for (const line of commandLines(text).filter((l) => l !== '--version')) {
        const argv = line
          .split(/\s+/)
          .filter(Boolean)
          .filter((a) => !a.startsWith('$'));
        expect(await parses(argv), `ftrack-roles ${line}`).toBe('ok');
      }
    });
  }

  it('the GitLab template runs validate, plan, apply, drift, catalog pull and report', () => {
    const text = readFileSync(join(root, 'ci/gitlab/ftrack-roles.gitlab-ci.yml'), 'utf8');
    const commands = commandLines(text)
      .filter((line) => line !== '--version')
      .map((line) => line.split(/\s+/)[0]);
    expect([...new Set(commands)].sort()).toEqual([
      'apply',
      'catalog',
      'drift',
      'plan',
      'report',
      'validate',
    ]);
  });

  it("the GitHub recipes use the repository's action with commands it knows", () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const run = readFileSync(join(root, 'ci/github/run.mjs'), 'utf8');
    const known = /const commands = \{([^}]*)\}/
      .exec(run)![1]!
      .split(',')
      .map((c) => c.split(':')[0]!.trim().replace(/'/g, ''));
    const used: string[] = [];
    for (const file of recipes.filter((f) => f.includes('/github/'))) {
      const workflow = parse(readFileSync(file, 'utf8')) as {
        jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
      };
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter((st) => /\/ftrack-roles@/.test(st.uses ?? ''))) {
          used.push(step.with?.['command'] ?? '');
          for (const input of Object.keys(step.with ?? {}))
            expect(action.inputs).toHaveProperty(input);
        }
      }
    }
    expect([...new Set(used)].sort()).toEqual([
      'adopt',
      'apply',
      'catalog-pull',
      'drift',
      'plan',
      'report',
      'validate',
    ]);
    for (const command of used) expect(known).toContain(command);
  });

  it('rejects a command line the CLI does not know (the check can fail)', async () => {
    expect(await parses(['plan', '--no-such-option'])).not.toBe('ok');
    expect(await parses(['no-such-command'])).not.toBe('ok');
  });
});
