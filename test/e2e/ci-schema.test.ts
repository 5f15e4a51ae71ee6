/**
 * The CI files this repository ships, checked offline against the platforms' own schemas:
 * GitHub workflows and `action.yml` with GitHub's parser (`@actions/workflow-parser`, the one
 * behind GitHub's Actions language server), GitLab CI files with GitLab's `ci.json` (the copy
 * `gitlab-ci-local` carries). Each file is also checked broken on purpose (an unknown key, a
 * value of the wrong type), so every check shows it can fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, LineCounter, parseAllDocuments, type Document, type Range } from 'yaml';

// @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which Node
// refuses (actions/languageservices#387); this hook adds the attribute for that package only.
const jsonHook = `export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && url.includes('/@actions/workflow-parser/'))
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  return nextLoad(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(jsonHook)}`);
const github = await import('@actions/workflow-parser');
const actions = await import('@actions/workflow-parser/actions/index');

const root = join(import.meta.dirname, '../..');
type Kind = 'workflow' | 'action' | 'gitlab';
type Target = { name: string; kind: Kind; text: string };

function yamlFiles(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** The schema a file under examples/ci/ answers to; a file with none fails the first test. */
function kindOf(file: string): Kind | undefined {
  if (file.startsWith('examples/ci/github/')) return 'workflow';
  if (file.startsWith('examples/ci/gitlab/')) return 'gitlab';
  return undefined;
}

const examples = yamlFiles('examples/ci');
const files: [string, Kind | undefined][] = [
  ...examples.map((f): [string, Kind | undefined] => [f, kindOf(f)]),
  ...yamlFiles('.github/workflows').map((f): [string, Kind] => [f, 'workflow']),
  ...['action.yml', 'action.yaml']
    .filter((f) => existsSync(join(root, f)))
    .map((f): [string, Kind] => [f, 'action']),
  ...yamlFiles('ci/gitlab').map((f): [string, Kind] => [f, 'gitlab']),
];

/** Samples of the kinds the repository may not have yet, so their checks run today. */
const samples: Target[] = [
  {
    name: 'sample/action.yml',
    kind: 'action',
    text: `name: Sample
description: Runs a command
inputs:
  command: { description: The command, required: true }
runs:
  using: composite
  steps:
    - run: echo "$COMMAND"
      shell: bash
      env: { COMMAND: '\${{ inputs.command }}' }
`,
  },
  {
    name: 'sample/gitlab-template.yml',
    kind: 'gitlab',
    text: `spec:
  inputs:
    paths: { default: access, description: The access files }
    stage: { default: test }
    format: { default: text, options: [text, markdown] }
---
ftrack-roles-plan:
  stage: $[[ inputs.stage ]]
  script:
    - ftrack-roles plan $[[ inputs.paths ]] --format $[[ inputs.format ]]
`,
  },
];

/** GitHub's own parse, then its conversion (expressions, needs, cron); nothing is fetched. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = github.parseWorkflow({ name, content }, new github.NoOperationTraceWriter());
  if (parsed.value) await github.convertWorkflowTemplate(parsed.context, parsed.value);
  return githubMessages(name, parsed.context.errors.getErrors());
}

function actionErrors(name: string, content: string): string[] {
  const parsed = actions.parseAction({ name, content }, new github.NoOperationTraceWriter());
  if (parsed.value) actions.convertActionTemplate(parsed.context, parsed.value);
  return githubMessages(name, parsed.context.errors.getErrors());
}

type GithubError = { rawMessage: string; range?: { start: { line: number; column: number } } };
function githubMessages(name: string, errors: GithubError[]): string[] {
  return errors.map((e) => {
    const start = e.range?.start ?? { line: 1, column: 1 };
    return `${name}:${start.line}:${start.column}: ${e.rawMessage}`;
  });
}

type GitlabSchema = { properties: Record<string, unknown> };

/**
 * GitLab's ci.json as gitlab-ci-local bundles it, before its own relaxations. It sits in the
 * bundle as an object literal, so the package is pinned exactly (4.75.1).
 */
function gitlabSchema(): GitlabSchema {
  const bundle = readFileSync(fileURLToPath(import.meta.resolve('gitlab-ci-local')), 'utf8');
  const marker = `{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"`;
  const start = bundle.indexOf(marker);
  if (start < 0) throw new Error("GitLab's ci.json is not in gitlab-ci-local's bundle: pin 4.75.1");
  let depth = 0;
  let quote = '';
  let end = start;
  for (; end < bundle.length; end++) {
    const c = bundle[end];
    if (quote) {
      if (c === '\\') end++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) break;
  }
  return runInNewContext(`(${bundle.slice(start, end + 1)})`, Object.create(null)) as GitlabSchema;
}

let gitlab: { schema: GitlabSchema; validate: ValidateFunction };
beforeAll(() => {
  const schema = gitlabSchema();
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  gitlab = { schema, validate: ajv.compile(schema) };
});

/** A GitLab CI file: one configuration, or a `spec:` header, `---`, then the configuration. */
function gitlabErrors(name: string, content: string): string[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(content, { lineCounter, uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  if (docs.length === 0) return [`${name}:1:1: no configuration`];
  const errors = docs.flatMap((doc) => doc.errors.map((e) => `${at(e.pos[0])}: ${e.message}`));
  if (errors.length > 0) return errors;
  if (docs.length > 2)
    errors.push(`${at(docs[2]!.range[0])}: one header and one configuration at most`);
  const header = docs.length > 1 ? docs[0]! : undefined;
  if (
    header &&
    !(isMap(header.contents) && header.contents.items.length === 1 && header.has('spec'))
  )
    errors.push(`${at(header.range[0])}: the header document holds spec: and nothing else`);
  for (const doc of docs) {
    if (gitlab.validate(doc.toJS())) continue;
    for (const e of gitlab.validate.errors ?? [])
      errors.push(`${at(offsetOf(doc, e))}: ${gitlabMessage(e)}`);
  }
  return [...new Set(errors)];
}

/** Where an ajv error points: the unknown key itself, else the deepest node of its path. */
function offsetOf(doc: Document, error: ErrorObject): number {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = error.params['additionalProperty'];
  if (typeof extra === 'string') {
    const range = keyRange(doc, [...path, extra]);
    if (range) return range[0];
  }
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: Range } | undefined;
    if (node?.range) return node.range[0];
  }
  return doc.range?.[0] ?? 0;
}

function gitlabMessage(e: ErrorObject): string {
  const extra = e.params['additionalProperty'];
  return `${e.instancePath || '/'} ${e.message}${typeof extra === 'string' ? `: ${extra}` : ''}`;
}

/** The range of the key at `path` (its last segment) in a document. */
function keyRange(doc: Document, path: string[]): Range | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find(
    (p) => (p.key as { value?: unknown } | null)?.value === path.at(-1),
  );
  return (pair?.key as { range?: Range } | null)?.range ?? undefined;
}

const check: Record<Kind, (name: string, content: string) => string[] | Promise<string[]>> = {
  workflow: workflowErrors,
  action: actionErrors,
  gitlab: gitlabErrors,
};

/** The path of the first job (an action's root) in the last document of a file. */
function firstJob(kind: Kind, doc: Document): string[] {
  if (kind === 'action') return [];
  const reserved = new Set(kind === 'gitlab' ? Object.keys(gitlab.schema.properties) : []);
  const jobs = kind === 'workflow' ? doc.get('jobs') : doc.contents;
  if (!isMap(jobs)) throw new Error('no jobs');
  const job = jobs.items
    .map((pair) => String((pair.key as { value?: unknown } | null)?.value))
    .find((k) => !k.startsWith('.') && !reserved.has(k) && isMap(jobs.get(k)));
  if (job === undefined && kind === 'gitlab') return ['default']; // a file that only includes
  if (job === undefined) throw new Error('no job');
  return kind === 'workflow' ? ['jobs', job] : [job];
}

/** A copy with `changes` set in the map at `at(last document)`; the line each key lands on. */
function edit(text: string, at: (doc: Document) => string[], changes: Record<string, unknown>) {
  const docs = parseAllDocuments(text);
  const doc = docs.at(-1)!;
  const path = at(doc);
  for (const [key, value] of Object.entries(changes))
    doc.setIn([...path, key], doc.createNode(value, { flow: true }));
  const copy = docs.map((d) => d.toString()).join('');
  const lineCounter = new LineCounter();
  const last = parseAllDocuments(copy, { lineCounter }).at(-1)!;
  const line = (key: string) => lineCounter.linePos(keyRange(last, [...path, key])![0]).line;
  return { text: copy, line };
}

const wrongType: Record<Kind, [string, unknown]> = {
  workflow: ['timeout-minutes', [5]],
  action: ['description', [1]],
  gitlab: ['interruptible', 'yes'],
};

describe("the CI files against GitHub's and GitLab's schemas", () => {
  it('knows the schema of every YAML file under examples/ci/, GitHub and GitLab recipes alike', () => {
    expect(files.filter(([, kind]) => kind === undefined).map(([f]) => f)).toEqual([]);
    expect(examples.some((f) => kindOf(f) === 'workflow')).toBe(true);
    expect(examples.some((f) => kindOf(f) === 'gitlab')).toBe(true);
  });

  const targets: Target[] = [
    ...files.flatMap(([name, kind]) =>
      kind ? [{ name, kind, text: readFileSync(join(root, name), 'utf8') }] : [],
    ),
    ...samples,
  ];
  for (const { name, kind, text } of targets) {
    it(`${name} is valid (${kind})`, async () => {
      expect(await check[kind](name, text)).toEqual([]);
    });

    it(`${name}: a copy with an unknown key and a wrong type fails at their lines`, async () => {
      const [key, value] = wrongType[kind];
      const copy = edit(text, (doc) => firstJob(kind, doc), { 'bogus-key': true, [key]: value });
      const errors = await check[kind](name, copy.text);
      const at = (key: string) => errors.filter((e) => e.startsWith(`${name}:${copy.line(key)}:`));
      expect(at('bogus-key').join('\n'), errors.join('\n')).toContain('bogus-key');
      expect(at(key), errors.join('\n')).not.toEqual([]);
    });
  }

  it("runs GitHub's conversion too: a job that needs an unknown job fails", async () => {
    const [name] = files.find(([, kind]) => kind === 'workflow')!;
    const job = { 'runs-on': 'ubuntu-latest', needs: 'no-such-job', steps: [{ run: 'true' }] };
    const copy = edit(readFileSync(join(root, name), 'utf8'), () => ['jobs', 'extra-job'], job);
    const errors = await workflowErrors(name, copy.text);
    const at = `${name}:${copy.line('needs')}:`;
    expect(errors.filter((e) => e.startsWith(at)).join('\n'), errors.join('\n')).toContain(
      "'no-such-job'",
    );
  });

  it('checks the header of a GitLab template: its inputs, and nothing but spec:', () => {
    const template = samples.find((s) => s.kind === 'gitlab')!.text;
    const typo = template.replace('{ default: test }', '{ default: test, type: text }');
    expect(gitlabErrors('t.yml', typo)).toContain(
      't.yml:4:35: /spec/inputs/stage/type must be equal to one of the allowed values',
    );
    const extra = `include: other.yml\n${template}`;
    expect(gitlabErrors('t.yml', extra)).toContain(
      't.yml:1:1: the header document holds spec: and nothing else',
    );
    expect(gitlabErrors('t.yml', `${template}---\nb: { script: [x] }\n`)).toContain(
      't.yml:11:1: one header and one configuration at most',
    );
  });
});
