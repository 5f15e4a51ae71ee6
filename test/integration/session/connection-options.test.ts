import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  addConnectionOptions,
  connectionFromOptions,
  connectionSetup,
  type ConnectionCliOptions,
} from '../../../src/cli/connection-options.js';
import type { CliIo } from '../../../src/cli/io.js';
import { progressReporter } from '../../../src/cli/progress.js';
import { UsageError } from '../../../src/diagnostics/index.js';

const KEY = 'file-key-123-secret';

function fakeIo(overrides: Partial<CliIo> = {}): CliIo & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    env: {},
    cwd: mkdtempSync(join(tmpdir(), 'conn-opts-')),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    confirm: () => Promise.resolve(false),
    now: () => new Date(0),
    ...overrides,
  };
}

function parse(argv: string[]): ConnectionCliOptions {
  const command = addConnectionOptions(new Command('x').exitOverride());
  command.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  command.parse(argv, { from: 'user' });
  return command.opts<ConnectionCliOptions>();
}

describe('connection options', () => {
  it('documents the environment variables in the help', () => {
    const help = addConnectionOptions(new Command('x')).helpInformation();
    for (const text of [
      '--server <url>',
      'FTRACK_SERVER',
      'FTRACK_API_USER',
      'FTRACK_API_KEY',
      '--insecure-http',
      '--timeout <seconds>',
    ]) {
      expect(help).toContain(text);
    }
    expect(help).not.toContain('--api-key <');
  });

  it('reads the key file relative to the working directory, trimming the newline', () => {
    const io = fakeIo({ env: { FTRACK_SERVER: 'http://127.0.0.1:1', FTRACK_API_KEY: 'env-key' } });
    writeFileSync(join(io.cwd, 'key'), `${KEY}\n`);
    const opts = parse(['--api-user', 'svc', '--api-key-file', 'key']);
    const settings = connectionFromOptions(opts, io);
    expect(settings.apiKey.reveal()).toBe(KEY);
    expect(settings.apiUser).toBe('svc');
  });

  it('refuses a key given on the command line without echoing it', () => {
    const opts = parse(['--api-key=TOPSECRET', '--server', 'https://x.example.com']);
    expect(JSON.stringify(opts)).not.toContain('TOPSECRET');
    const attempt = () => connectionFromOptions(opts, fakeIo());
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(/--api-key is not supported.*FTRACK_API_KEY.*--api-key-file/);
  });

  it('names the option and the variable of a missing value', () => {
    const attempt = () => connectionFromOptions(parse([]), fakeIo());
    expect(attempt).toThrow(/--server <url>.*FTRACK_SERVER/);
  });

  it('requires --insecure-http for plain http to a remote host', () => {
    const io = fakeIo({ env: { FTRACK_API_USER: 'a', FTRACK_API_KEY: 'k' } });
    expect(() =>
      connectionFromOptions(parse(['--server', 'http://ftrack.example.com']), io),
    ).toThrow(/--insecure-http/);
    const settings = connectionFromOptions(
      parse(['--server', 'http://ftrack.example.com', '--insecure-http']),
      io,
    );
    expect(settings.server).toBe('http://ftrack.example.com');
  });
});

describe('progressReporter', () => {
  it('writes one updating line on a terminal and clears it at the end', () => {
    const io = fakeIo({ stderrIsTTY: true });
    const progress = progressReporter(io);
    progress.update({ table: 'User', rows: 500 });
    progress.update({ table: 'Project', rows: 20 });
    progress.update({ table: 'User', rows: 1000 });
    progress.done();
    expect(io.err).toHaveLength(4);
    expect(io.err[2]).toBe('\r\u001b[2KReading ftrack: User 1000, Project 20');
    expect(io.err.every((t) => t.startsWith('\r') && !t.includes('\n'))).toBe(true);
  });

  it('held, draws nothing until shown; after the end of a read, a second read draws again', () => {
    const io = fakeIo({ stderrIsTTY: true });
    const progress = progressReporter(io, undefined, { held: true });
    progress.update({ table: 'User', rows: 500 });
    expect(io.err).toEqual([]);
    progress.show();
    expect(io.err).toEqual(['\r\u001b[2KReading ftrack: User 500']);
    progress.done();
    progress.update({ table: 'Project', rows: 3 });
    expect(io.err.slice(1)).toEqual(['\r\u001b[2K', '\r\u001b[2KReading ftrack: Project 3']);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const io = fakeIo();
    const progress = progressReporter(io);
    progress.update({ table: 'User', rows: 5 });
    progress.done();
    expect(io.err).toEqual([]);
  });

  /** The session options of a command with these flags and a complete environment. */
  const sessionOptions = (opts: ConnectionCliOptions) =>
    connectionSetup(
      opts,
      fakeIo({
        env: { FTRACK_SERVER: 'http://127.0.0.1:9', FTRACK_API_USER: 'svc', FTRACK_API_KEY: KEY },
      }),
    ).options;

  it('turns --timeout into the session timeouts of each answer (default 120 s)', () => {
    expect(sessionOptions(parse([]))).toEqual({
      timeouts: { headersMs: 120_000, bodyMs: 120_000, answerMs: 120_000 },
    });
    expect(parse(['--timeout', '600']).timeout).toBe(600);
    expect(sessionOptions(parse(['--timeout', '600']))).toEqual({
      timeouts: { headersMs: 600_000, bodyMs: 600_000, answerMs: 600_000 },
    });
    expect(() => parse(['--timeout', '0'])).toThrow();
  });

  it('turns --max-answer-size MiB into the session bound, 1 to 4096', () => {
    expect(sessionOptions(parse(['--max-answer-size', '8'])).maxAnswerBytes).toBe(8 * 1024 ** 2);
    expect(() => parse(['--max-answer-size', '0'])).toThrow();
    expect(() => parse(['--max-answer-size', '5000'])).toThrow();
  });
});
