import { UsageError } from '../../diagnostics/index.js';
import {
  explainProject,
  explainUser,
  renderExplanation,
  type Explanation,
} from '../../explain/index.js';
import { closestName } from '../../plan/index.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { runAuditPipeline, type AuditInputs } from '../plan-pipeline.js';
import type { ExplainCliOptions } from './explain.js';

/** The action of `ftrack-roles explain`, loaded only when the command runs. */
export async function runExplainCommand(
  io: CliIo,
  paths: string[],
  options: ExplainCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  if ((options.user === undefined) === (options.project === undefined)) {
    throw new UsageError('explain needs exactly one of --user NAME or --project NAME.');
  }
  const inputs = await runAuditPipeline(io, paths, options, {
    showFindings: true,
    maxFileBytes: options.maxFileSize,
  });
  const view = buildExplanation(inputs, options);
  io.stdout(renderExplanation(view, options.format));
  setExit(EXIT.ok);
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
