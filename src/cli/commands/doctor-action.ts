import { runDoctor } from '../../pipeline/doctor.js';
import { render } from '../../render/index.js';
import { openServerProbe, type ServerProbe } from '../../session/doctor-probe.js';
import { describeRoute } from '../../session/doctor-route.js';
import { connectionFromOptions, connectionSetup } from '../connection-options.js';
import { EXIT } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import type { DoctorCliOptions } from './doctor.js';

/** The action of `ftrack-roles doctor`, loaded only when the command runs. */
export async function runDoctorCommand(
  io: CliIo,
  options: DoctorCliOptions,
  setExit: (code: number) => void,
): Promise<void> {
  // A key on the command line is refused at once, as by every command: this throws.
  if (options.apiKey !== undefined) connectionFromOptions(options, io);
  const given = options.server?.trim() || io.env['FTRACK_SERVER']?.trim() || undefined;
  const report = await runDoctor({
    server: given,
    insecureHttp: options.insecureHttp === true,
    route: (server) => describeRoute(server, io.env),
    connect: (server) => openProbe(server, options, io),
    now: io.now,
  });
  const color = options.format === 'text' && useColor(io);
  io.stdout(render('doctor', options.format, report, { color }));
  setExit(report.ready ? EXIT.ok : EXIT.error);
}

/**
 * The probe for a server (the URL the doctor checked), with the settings, proxy and session
 * options every command uses (connector, connection-options.ts). Throws a UsageError for a
 * missing or unreadable setting.
 */
function openProbe(server: string, options: DoctorCliOptions, io: CliIo): ServerProbe {
  const setup = connectionSetup({ ...options, server }, io);
  return openServerProbe(setup.settings, setup.options);
}
