import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const program = buildProgram(fakeIo(process.cwd()).io, () => undefined);
const names = program.commands.map((c) => c.name());
/** Every command that runs something: top-level ones and the subcommands of groups. */
const leaves = program.commands.flatMap((c) =>
  c.commands.length === 0 ? [[c.name()]] : c.commands.map((sub) => [c.name(), sub.name()]),
);

describe('--help', () => {
  it('lists every command', async () => {
    const fake = fakeIo(process.cwd());
    expect(await runCli(['--help'], fake.io)).toBe(0);
    for (const name of names) expect(fake.stdout()).toContain(`  ${name} `);
    expect(names).toEqual(
      expect.arrayContaining([
        'validate',
        'plan',
        'apply',
        'drift',
        'export',
        'explain',
        'emulator',
      ]),
    );
  });

  it.each(leaves.map((path) => path.join(' ')))(
    '%s --help has a description, options and an example',
    async (name) => {
      const fake = fakeIo(process.cwd());
      expect(await runCli([...name.split(' '), '--help'], fake.io)).toBe(0);
      const help = fake.stdout();
      expect(help).toMatch(new RegExp(`^Usage: ftrack-roles ${name} `));
      expect(help.split('\n')[2]!.length).toBeGreaterThan(20);
      expect(help).toMatch(/\nExamples?:\n {2}\$ /);
      expect(help).toContain(`$ ftrack-roles ${name}`);
    },
  );

  it.each([['--version'], ['-v'], ['-V'], ['version']])('%s prints the version', async (flag) => {
    const fake = fakeIo(process.cwd());
    expect(await runCli([flag], fake.io)).toBe(0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(fake.stdout()).toBe(`${version}\n`);
  });

  it('ends with three examples and where the docs are', async () => {
    const fake = fakeIo(process.cwd());
    expect(await runCli(['--help'], fake.io)).toBe(0);
    const end = fake.stdout().split('\nExamples:\n')[1]!;
    expect(end.match(/^ {2}\$ ftrack-roles /gm)).toHaveLength(3);
    const readme = /Docs: (\S+README\.md)/.exec(end)?.[1];
    expect(readme).toBeDefined();
    expect(existsSync(readme!)).toBe(true);
    expect(fake.stdout()).toContain('-v, --version');
  });

  it('exits 1 with a hint on an unknown command', async () => {
    const fake = fakeIo(process.cwd());
    expect(await runCli(['plna'], fake.io)).toBe(1);
    expect(fake.stderr()).toContain("unknown command 'plna'");
  });
});
