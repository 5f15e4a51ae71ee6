import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const root = join(import.meta.dirname, '../..');
const recipes = readdirSync(join(root, 'examples/ci'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
  .map((e) => join(e.parentPath, e.name));

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
      'examples/ci/gitlab/.gitlab-ci.yml',
    ]);
  });

  for (const file of recipes) {
    const name = relative(root, file);
    it(`${name} is valid YAML whose ftrack-roles command lines parse with the real CLI`, async () => {
      const text = readFileSync(file, 'utf8');
      expect(() => void parse(text, { uniqueKeys: true })).not.toThrow();
      const lines = commandLines(text);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const argv = line.split(/\s+/).filter(Boolean);
        expect(await parses(argv), `ftrack-roles ${line}`).toBe('ok');
      }
    });
  }

  it('rejects a command line the CLI does not know (the check can fail)', async () => {
    expect(await parses(['plan', '--no-such-option'])).not.toBe('ok');
    expect(await parses(['no-such-command'])).not.toBe('ok');
  });
});
