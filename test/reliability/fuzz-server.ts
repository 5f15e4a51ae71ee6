import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';

/**
 * A tiny hostile "ftrack" on 127.0.0.1:0 for fuzzing the client: every request gets the
 * next answer of a random script (status, headers, body, and whether the connection is
 * cut), whatever it asked. Answers are often shaped like ftrack results so that the
 * client's deeper checks run too.
 */
export interface FuzzAnswer {
  status: number;
  retryAfter: string | null;
  body: string | null;
  /** One result per operation of the request (a well-sized array), or the body as is. */
  fitToOperations: boolean;
  results: unknown[];
  mode: 'normal' | 'destroy' | 'truncate';
}

const FIELDS = [
  'id',
  'username',
  'is_active',
  'name',
  'type',
  'full_name',
  'is_private',
  'status',
  'user_id',
  'security_role_id',
  'is_all_open_projects',
  'user_security_role_id',
  'project_id',
  'group_id',
  'parent_id',
  '__entity_type__',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('PROJECT', 'ASSIGNED', 'API', 'Administrator', 'ana', 'svc-access'),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constant(null),
  fc.uuid(),
);
const row = fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 8 });
const queryResult = fc.record(
  {
    action: fc.constantFrom('query', 'update', 'create'),
    data: fc.oneof(fc.array(row, { maxLength: 5 }), scalar, row),
    metadata: fc.oneof(
      fc.record({ next: fc.record({ offset: fc.oneof(fc.constant(null), fc.integer()) }) }),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const errorObject = fc.record(
  {
    exception: fc.constantFrom(
      'ServerError',
      'ValidationError',
      'PermissionError',
      'InvalidCredentialsError',
      'DuplicateEntryError',
      'NoSuchThing',
    ),
    content: fc.string({ maxLength: 20 }),
    error_code: fc.option(fc.string({ maxLength: 6 })),
  },
  { requiredKeys: ['exception'] },
);

export const answerArbitrary: fc.Arbitrary<FuzzAnswer> = fc.record({
  status: fc.oneof(
    { weight: 12, arbitrary: fc.constant(200) },
    { weight: 2, arbitrary: fc.constantFrom(201, 204, 301, 400, 401, 403, 404, 422, 500) },
    { weight: 1, arbitrary: fc.constantFrom(429, 502, 503, 504) },
  ),
  retryAfter: fc.option(fc.constantFrom('0', '1', 'soon', '-4', 'Wed, 21 Oct 2015 07:28:00 GMT')),
  body: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: errorObject.map((e) => JSON.stringify(e)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant('') },
  ),
  fitToOperations: fc.boolean(),
  results: fc.array(fc.oneof({ weight: 4, arbitrary: queryResult }, fc.jsonValue()), {
    minLength: 1,
    maxLength: 6,
  }),
  mode: fc.oneof(
    { weight: 10, arbitrary: fc.constant('normal' as const) },
    { weight: 1, arbitrary: fc.constant('destroy' as const) },
    { weight: 1, arbitrary: fc.constant('truncate' as const) },
  ),
});

export interface FuzzServer {
  url: string;
  /** Sets the script of answers (used round-robin) for the next requests. */
  script(answers: FuzzAnswer[]): void;
  requests(): number;
  stop(): Promise<void>;
}

function bodyFor(answer: FuzzAnswer, request: string): string {
  if (answer.body !== null) return answer.body;
  let operations = 1;
  try {
    const parsed: unknown = JSON.parse(request);
    if (Array.isArray(parsed)) operations = parsed.length;
  } catch {
    // keep 1
  }
  const results = answer.fitToOperations
    ? Array.from({ length: operations }, (_, i) => answer.results[i % answer.results.length])
    : answer.results;
  return JSON.stringify(results);
}

export async function startFuzzServer(): Promise<FuzzServer> {
  let answers: FuzzAnswer[] = [];
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = answers[count++ % Math.max(1, answers.length)];
      if (answer === undefined || answer.mode === 'destroy') return void req.socket.destroy();
      const body = bodyFor(answer, Buffer.concat(chunks).toString('utf8'));
      const headers: Record<string, string | number> = { 'content-type': 'application/json' };
      if (answer.retryAfter !== null) headers['retry-after'] = answer.retryAfter;
      if (answer.mode === 'truncate') {
        res.writeHead(answer.status, {
          ...headers,
          'content-length': Buffer.byteLength(body) + 10,
        });
        res.write(body);
        return void res.socket?.destroy();
      }
      res.writeHead(answer.status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script(next) {
      answers = next;
    },
    requests: () => count,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
