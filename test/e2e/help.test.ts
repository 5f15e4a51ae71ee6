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

  it('prints the version', async () => {
    const fake = fakeIo(process.cwd());
    expect(await runCli(['--version'], fake.io)).toBe(0);
    expect(fake.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('exits 1 with a hint on an unknown command', async () => {
    const fake = fakeIo(process.cwd());
    expect(await runCli(['plna'], fake.io)).toBe(1);
    expect(fake.stderr()).toContain("unknown command 'plna'");
  });
});
