/**
 * Part of `npm run build`: parses and validates the built-in rule packs once, so that start-up can skip the YAML
 * parser (see BUILTIN_CACHE in src/engine/load.ts). A pack edited after the build is simply parsed again, and the
 * whole copy is ignored if the schema module changed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CACHE, BUILTIN_RULES_DIR, contentHash, parsePack, schemaHash } from '../dist/engine/load.js';

const packs = {};
for (const name of readdirSync(BUILTIN_RULES_DIR).filter((f) => /\.ya?ml$/i.test(f)).sort()) {
  const text = readFileSync(join(BUILTIN_RULES_DIR, name), 'utf8');
  const { spec, ruleLines } = parsePack(text, join('rules', name));
  packs[name] = { hash: contentHash(text), spec, ruleLines };
}
writeFileSync(BUILTIN_CACHE, JSON.stringify({ schema: await schemaHash(), packs }));
