import { isAbsolute, join } from 'node:path';
import { configOf, sessionOpener } from '../../api/open.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { reportAccessReview } from '../../pipeline/access-review.js';
import { render } from '../../render/index.js';
import { apiConfigInput } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { terminalEvents } from '../progress.js';
import type { ReportCliOptions } from './options.js';

/** The action of `ftrack-roles report`, loaded only when the command runs. */
export async function runReportCommand(
  io: CliIo,
  paths: string[],
  options: ReportCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const input = apiConfigInput(io, paths, options);
  const review = await reportAccessReview(
    { ...configOf(input), connect: sessionOpener(input.connection) },
    { manyUsers: options.manyUsers },
    terminalEvents(io, { held: true }),
  );
  const text = render('accessReview', options.format, review);
  if (options.out === undefined) {
    io.stdout(text);
  } else {
    const path = isAbsolute(options.out) ? options.out : join(io.cwd, options.out);
    await writeFileAtomic(path, io.secrets?.redact(text) ?? text);
    const { summary } = review;
    io.stderr(
      `Wrote the access review to ${options.out}: ${summary.users} users, ${summary.projects} projects, ${summary.grants} grants, ${summary.exceptions.total} exceptions.\n`,
    );
  }
  setExit(EXIT.ok);
}
