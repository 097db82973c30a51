/**
 * Reading a reviewer-written YAML file (rule packs, missing protections, profiles) against a zod schema, with
 * every mistake reported as `file:line: what is wrong`. Nothing in these files is ever executed: YAML tags are
 * refused.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document as YamlDocument } from 'yaml';
import type { core, z } from 'zod';
import { ClausewatchError, type ErrorCode } from '../document/errors.js';

export interface ParsedYaml<T> {
  data: T;
  /** The line a path of keys and indexes starts on (1 when the path is not in the file). */
  lineOf(path: (string | number)[]): number;
}

export interface YamlFile {
  /** The file's name in messages. */
  file: string;
  /** The error code a mistake raises ('bad-rule' for rule files, 'bad-profile' for profiles). */
  code: ErrorCode;
  /** Where to read what the file may contain: "see rules/profiles/README.md". */
  shape: string;
  /** What a value with several possible forms may be, e.g. a rule's match expression. */
  forms?: string;
}

export function parseYaml<S extends z.ZodType>(text: string, schema: S, where: YamlFile): ParsedYaml<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const fail = (offset: number | undefined, message: string): never => {
    throw new ClausewatchError(where.code, `${where.file}:${lineAt(offset)}: ${message}`);
  };
  const yamlError = doc.errors[0];
  if (yamlError) fail(yamlError.pos[0], `not valid YAML: ${yamlError.message.split('\n')[0]}`);
  const tagWarning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tagWarning) fail(tagWarning.pos[0], `unsupported YAML tag (${tagWarning.message.split('\n')[0]}); these files are plain data`);
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(0, `expected a mapping; ${where.shape}`);
  const parsed = schema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issue = mostSpecific(parsed.error.issues);
    const { offset, key } = locate(doc, issue);
    fail(offset, describe(issue, key, where));
  }
  return {
    data: parsed.data as z.output<S>,
    lineOf(path) {
      const node = doc.getIn(path, true);
      return lineAt(isNode(node) ? node.range?.[0] : undefined);
    },
  };
}

type Issue = core.$ZodIssue;

/** The deepest issue is the most precise; at equal depth an unknown key explains a "missing" one (a typo). */
function mostSpecific(issues: Issue[]): Issue {
  const depth = (i: Issue) => i.path.length + (i.code === 'unrecognized_keys' ? 1 : 0);
  let best = issues[0]!;
  for (const issue of issues) {
    if (depth(issue) > depth(best)) best = issue;
    else if (depth(issue) === depth(best) && issue.code === 'unrecognized_keys' && best.code !== 'unrecognized_keys') best = issue;
  }
  if (best.code === 'invalid_union' && best.errors.length > 0) {
    const branches = best.errors.map((branch) => mostSpecific(branch.map((i) => ({ ...i, path: [...best.path, ...i.path] }) as Issue)));
    // Prefer a branch that failed inside an object (the user chose that shape) over a plain type mismatch.
    const score = (b: Issue) => b.path.length * 2 + (b.code === 'invalid_type' ? 0 : 1);
    branches.sort((x, y) => score(y) - score(x));
    return branches[0]!;
  }
  return best;
}

function locate(doc: YamlDocument, issue: Issue): { offset: number | undefined; key?: string } {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // Walk down as far as the YAML goes: a missing key points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (!isNode(node)) continue;
    if (issue.code === 'unrecognized_keys' && isMap(node)) {
      const key = issue.keys[0]!;
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      return { offset: isNode(pair?.key) ? pair.key.range?.[0] : node.range?.[0], key };
    }
    return { offset: node.range?.[0] };
  }
  return { offset: undefined };
}

function describe(issue: Issue, key: string | undefined, { shape, forms }: YamlFile): string {
  const where = issue.path.filter((p) => typeof p === 'string').at(-1);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key \`${key}\`${where ? ` in ${String(where)}` : ''} (a typo? ${shape})`;
    case 'invalid_type':
      return issue.input === undefined
        ? `missing \`${String(issue.path.at(-1))}\``
        : `\`${String(where ?? 'value')}\` should be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `\`${String(where)}\` must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `\`${String(where ?? 'value')}\` is not valid here (${forms ?? shape})`;
    default:
      return `${where ? `\`${String(where)}\` ` : ''}${issue.message}`;
  }
}
