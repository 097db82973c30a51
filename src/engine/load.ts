/**
 * Loading rule packs: YAML → validated `PackSpec`, with every mistake reported as `file:line: what is wrong`.
 * Rule files come from users; nothing in them is ever executed.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
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
  return Promise.all(files.map(async (file) => parsePack(await readFile(file, 'utf8'), displayPath(file))));
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
