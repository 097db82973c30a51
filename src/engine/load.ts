/**
 * Loading rule packs: YAML → validated `PackSpec`, with every mistake reported as `file:line: what is wrong`.
 * Rule files come from users; nothing in them is ever executed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClausewatchError } from '../document/errors.js';
import { PackSchema, type PackSpec } from './schema.js';
import { parseYaml } from './yaml.js';

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
  const cache = resolve(path) === resolve(BUILTIN_RULES_DIR) ? await builtinCache() : undefined;
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, 'utf8');
      const cached = cache?.packs[basename(file)];
      if (cached && cached.hash === contentHash(text)) return { spec: cached.spec, ruleLines: cached.ruleLines, file: displayPath(file) };
      return parsePack(text, displayPath(file));
    }),
  );
}

/**
 * The built-in packs as parsed and validated at build time (scripts/cache-rules.mjs), each with the hash of the
 * YAML it came from: start-up skips the YAML parser for a pack whose file is unchanged, and parses it otherwise.
 */
export const BUILTIN_CACHE = fileURLToPath(new URL('../builtin-rules.json', import.meta.url));

export interface BuiltinCache {
  /** The hash of the compiled schema module the packs were validated with: another schema, another cache. */
  schema: string;
  packs: Record<string, { hash: string; spec: PackSpec; ruleLines: number[] }>;
}

/** The compiled schema module's hash (undefined when running from source, where there is no cache either). */
export async function schemaHash(): Promise<string | undefined> {
  try {
    return contentHash(await readFile(fileURLToPath(new URL('./schema.js', import.meta.url)), 'utf8'));
  } catch {
    return undefined;
  }
}

async function builtinCache(): Promise<BuiltinCache | undefined> {
  try {
    const cache = JSON.parse(await readFile(BUILTIN_CACHE, 'utf8')) as BuiltinCache;
    return cache.schema !== undefined && cache.schema === (await schemaHash()) ? cache : undefined;
  } catch {
    return undefined; // not built (running from source), or unreadable: parse the YAML
  }
}

/** The SHA-256 of a file's text: what the build-time copy of the packs is keyed by. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Parses and validates one pack's YAML text. `file` names it in error messages. */
export function parsePack(text: string, file: string): LoadedPack {
  const { data: spec, lineOf } = parseYaml(text, PackSchema, {
    file,
    code: 'bad-rule',
    shape: 'see rules/README.md',
    forms: 'a match is a word or phrase, or one of any/all/not/near/defined/pattern',
  });
  const ruleLines = spec.rules.map((_, i) => lineOf(['rules', i, 'id']));
  return { spec, file, ruleLines };
}
