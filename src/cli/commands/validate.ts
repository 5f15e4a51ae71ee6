import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { hasErrors } from '../../diagnostics/index.js';
import { renderDiagnostics, type DiagnosticsFormat } from '../../render/diagnostics.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

const EXAMPLES = `
Examples:
  $ ftrack-roles validate                        # checks ./access
  $ ftrack-roles validate access/ extra.yaml --format github

Exit status: 0 when the config is valid (warnings allowed), 1 on any error.
`;

/** `ftrack-roles validate [PATH...]`: schema and rules, offline; every problem at once. */
export function registerValidateCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('validate')
    .description(
      'Check desired-state files offline (YAML syntax, the JSON Schema and the semantic rules) and report every problem with file:line:col, a code and a fix hint. No server is contacted.',
    )
    .argument(
      '[paths...]',
      'config files or directories, searched for *.yaml/*.yml (default: access)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'github'])
        .default('text'),
    )
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: { format: DiagnosticsFormat }) => {
      const loaded = await loadConfig(paths ?? [], { cwd: io.cwd });
      const noColor = io.env['NO_COLOR'];
      const output = renderDiagnostics(options.format, loaded.diagnostics, {
        files: loaded.files,
        color:
          options.format === 'text' && io.stderrIsTTY && (noColor === undefined || noColor === ''),
      });
      if (options.format === 'text') io.stderr(output);
      else io.stdout(output);
      setExit(hasErrors(loaded.diagnostics) ? EXIT.error : EXIT.ok);
    });
}
