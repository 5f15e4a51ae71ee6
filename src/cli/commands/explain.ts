import { Option, type Command } from 'commander';
import { UsageError } from '../../diagnostics/index.js';
import {
  explainProject,
  explainUser,
  renderExplanation,
  type ExplainFormat,
  type Explanation,
} from '../../explain/index.js';
import { closestName } from '../../plan/index.js';
import { addConnectionOptions, type ConnectionCliOptions } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { runAuditPipeline, type AuditInputs } from '../plan-pipeline.js';

const EXAMPLES = `
Examples:
  $ ftrack-roles explain --user ana             # ana's roles: desired (with sources) vs the server
  $ ftrack-roles explain access/ --project falcon
  $ ftrack-roles explain --project nebula --format json

Marks: = in sync, + desired but missing on the server, - on the server but not desired,
~ no effect (all open projects covers it), * held by a user who is not managed,
? a project or glob the server does not have.

Exit status: 0 success, 1 error (invalid config, unknown user or project, server or network error).
`;

interface ExplainCliOptions extends ConnectionCliOptions {
  user?: string;
  project?: string;
  format: ExplainFormat;
}

/** `ftrack-roles explain [PATH...] (--user NAME | --project NAME)`: who has what, and why. */
export function registerExplainCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('explain')
    .description(
      "Explain access: a user's roles (each grant with the file:line:col and group asking for it, next to what the server holds), or everyone who can reach a project (all-open holders when it is open, explicit grants always), desired and current. Read-only.",
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .option('--user <name>', 'explain one user (a username)')
    .option('--project <name>', 'explain who can reach one project (a project name)')
    .addOption(
      new Option('--format <format>', 'output format on stdout')
        .choices(['text', 'json'])
        .default('text'),
    );
  addConnectionOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ExplainCliOptions) => {
      if ((options.user === undefined) === (options.project === undefined)) {
        throw new UsageError('explain needs exactly one of --user NAME or --project NAME.');
      }
      const inputs = await runAuditPipeline(io, paths ?? [], options, { showFindings: true });
      const view = buildExplanation(inputs, options);
      io.stdout(renderExplanation(view, options.format));
      setExit(EXIT.ok);
    });
}

function buildExplanation(inputs: AuditInputs, options: ExplainCliOptions): Explanation {
  if (options.user !== undefined) {
    const view = explainUser(inputs, options.user);
    if (!view.on_server && !view.declared) {
      const names = inputs.current.users.map((u) => u.username);
      throw new UsageError(
        `Unknown user "${options.user}": not on the server and not in the config.${hint(options.user, names)}`,
      );
    }
    return view;
  }
  const name = options.project!;
  const view = explainProject(inputs, name);
  if (!view.project.exists && view.access.length === 0) {
    const names = inputs.current.projects.map((p) => p.name);
    throw new UsageError(
      `Unknown project "${name}": not on the server and not in the config.${hint(name, names)}`,
    );
  }
  return view;
}

function hint(name: string, candidates: string[]): string {
  const close = closestName(name, candidates);
  return close === undefined ? '' : ` Did you mean "${close}"?`;
}
