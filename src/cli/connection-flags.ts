import { Option, type Command } from 'commander';

/** The connection options as commander parses them. */
export interface ConnectionCliOptions {
  server?: string;
  apiUser?: string;
  apiKeyFile?: string;
  insecureHttp?: boolean;
  /** Set (to true, never to the value) when someone tries `--api-key`. */
  apiKey?: boolean;
}

/** Adds `--server`, `--api-user`, `--api-key-file` and `--insecure-http` to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--server <url>', 'ftrack server URL (default: $FTRACK_SERVER)')
    .option('--api-user <name>', 'ftrack user the API key belongs to (default: $FTRACK_API_USER)')
    .option(
      '--api-key-file <file>',
      'file holding the API key (default: the key in $FTRACK_API_KEY; never pass a key as an argument)',
    )
    .option('--insecure-http', 'allow plain http:// to a host that is not loopback')
    .addOption(
      // Accepted only to refuse it: the value is dropped at once so it is never echoed.
      new Option('--api-key <key>').hideHelp().argParser(() => true),
    );
}
