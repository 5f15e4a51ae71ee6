import { Option, type Command } from 'commander';
import { checkWithCatalog, readCatalogFile } from '../../catalog/index.js';
import { loadConfig } from '../../config/load.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { renderDiagnostics, type DiagnosticsFormat } from '../../render/diagnostics.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';

const EXAMPLES = `
Examples:
  $ ftrack-roles validate                        # checks ./access
  $ ftrack-roles validate access/ extra.yaml --format github
  $ ftrack-roles validate --catalog catalog.json # also checks names, offline (catalog pull)

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
    .option(
      '--catalog <file>',
      'also check users, roles, projects and ftrack groups against a catalogue file (ftrack-roles catalog pull), without a server',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[] | undefined, options: ValidateCliOptions) => {
      const now = io.now();
      const loaded = await loadConfig(paths ?? [], { cwd: io.cwd, now });
      const diagnostics = [...loaded.diagnostics];
      if (options.catalog !== undefined) {
        const read = await readCatalogFile(options.catalog, io.cwd);
        if ('diagnostic' in read) diagnostics.push(read.diagnostic);
        else if (loaded.desired !== undefined) {
          diagnostics.push(...checkWithCatalog(loaded.desired, read.catalog, now));
        }
      }
      report(io, options.format, sortDiagnostics(diagnostics), loaded.files);
      setExit(hasErrors(diagnostics) ? EXIT.error : EXIT.ok);
    });
}

interface ValidateCliOptions {
  format: DiagnosticsFormat;
  catalog?: string;
}

function report(
  io: CliIo,
  format: DiagnosticsFormat,
  diagnostics: Diagnostic[],
  files: string[],
): void {
  const output = renderDiagnostics(format, diagnostics, {
    files,
    color: format === 'text' && useColor(io, 'stderr'),
  });
  if (format === 'text') io.stderr(output);
  else io.stdout(output);
}
