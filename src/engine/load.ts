/**
 * Loading rule packs: YAML → validated `PackSpec`, with every mistake reported as `file:line: what is wrong`.
 * Rule files come from users; nothing in them is ever executed.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document as YamlDocument } from 'yaml';
import type { core } from 'zod';
import { ClausewatchError } from '../document/errors.js';
import { PackSchema, type PackSpec } from './schema.js';

export interface LoadedPack {
  spec: PackSpec;
  /** Where it came from, for messages. */
  file: string;
  /** The line of each rule's `id`, in the order of `spec.rules`. */
  ruleLines: number[];
}

/** The packs that ship with clausewatch. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** Loads every `*.yaml`/`*.yml` pack in a folder (not its subfolders: profiles live there), or one file. */
export async function loadPacks(path: string): Promise<LoadedPack[]> {
  let files: string[];
  try {
    const info = await stat(path);
    files = info.isDirectory()
      ? (await readdir(path)).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(path, f))
      : [path];
  } catch {
    throw new ClausewatchError('bad-rule', `${path}: no such rule file or folder; check the --rules path`);
  }
  if (files.length === 0) throw new ClausewatchError('bad-rule', `${path}: no .yaml rule files in this folder`);
  return Promise.all(files.map(async (file) => parsePack(await readFile(file, 'utf8'), displayPath(file))));
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Parses and validates one pack's YAML text. `file` names it in error messages. */
export function parsePack(text: string, file: string): LoadedPack {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number | undefined, message: string): never => {
    const line = offset === undefined ? 1 : lineCounter.linePos(offset).line;
    throw new ClausewatchError('bad-rule', `${file}:${line}: ${message}`);
  };
  const yamlError = doc.errors[0];
  if (yamlError) fail(yamlError.pos[0], `not valid YAML: ${yamlError.message.split('\n')[0]}`);
  // Tags such as !!js/function are never run, but a rule that uses one is not what its author thinks: refuse it.
  const tagWarning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tagWarning) fail(tagWarning.pos[0], `unsupported YAML tag (${tagWarning.message.split('\n')[0]}); rule files are plain data`);
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail(0, 'a rule pack is a mapping with `pack:` and `rules:`; see rules/README.md');
  }
  const parsed = PackSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issue = mostSpecific(parsed.error.issues);
    const { offset, key } = locate(doc, issue);
    fail(offset, describe(issue, key));
  }
  const spec = parsed.data!;
  const ruleLines = spec.rules.map((_, i) => {
    const node = doc.getIn(['rules', i, 'id'], true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? 1 : lineCounter.linePos(offset).line;
  });
  return { spec, file, ruleLines };
}

type Issue = core.$ZodIssue;

/** Of a union's alternatives, report the one that got furthest: its issue has the deepest path. */
function mostSpecific(issues: Issue[]): Issue {
  // The deepest issue is the most precise; at equal depth an unknown key explains a "missing" one (a typo).
  const depth = (i: Issue) => i.path.length + (i.code === 'unrecognized_keys' ? 1 : 0);
  let best = issues[0]!;
  for (const issue of issues) {
    if (depth(issue) > depth(best)) best = issue;
    else if (depth(issue) === depth(best) && issue.code === 'unrecognized_keys' && best.code !== 'unrecognized_keys') best = issue;
  }
  if (best.code === 'invalid_union' && best.errors.length > 0) {
    const branches = best.errors.map((branch) =>
      mostSpecific(branch.map((i) => ({ ...i, path: [...best.path, ...i.path] }) as Issue)),
    );
    // Prefer a branch that failed inside an object (the user chose that shape) over a type mismatch.
    const scored = branches.map((b) => ({ b, score: b.path.length * 2 + (b.code === 'invalid_type' ? 0 : 1) }));
    scored.sort((x, y) => y.score - x.score);
    return scored[0]!.b;
  }
  return best;
}

function locate(doc: YamlDocument, issue: Issue): { offset: number | undefined; key?: string } {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // Walk down as far as the YAML goes (a missing key points at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (!isNode(node)) continue;
    if (issue.code === 'unrecognized_keys' && isMap(node)) {
      const key = issue.keys[0]!;
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      const keyNode = pair?.key;
      return { offset: isNode(keyNode) ? keyNode.range?.[0] : node.range?.[0], key };
    }
    return { offset: node.range?.[0] };
  }
  return { offset: undefined };
}

function describe(issue: Issue, key: string | undefined): string {
  const where = issue.path.filter((p) => typeof p === 'string').at(-1);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key \`${key}\`${where ? ` in ${String(where)}` : ''} (a typo? see rules/README.md for the keys a rule may have)`;
    case 'invalid_type':
      return issue.input === undefined
        ? `missing \`${String(issue.path.at(-1))}\``
        : `\`${String(where ?? 'value')}\` should be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `\`${String(where)}\` must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `\`${String(where ?? 'match')}\` is not a valid match expression (a word, or one of any/all/not/near/defined/pattern)`;
    default:
      return `${where ? `\`${String(where)}\` ` : ''}${issue.message}`;
  }
}
