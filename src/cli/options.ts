/** Options shared by the commands that read contracts and write reports. */
import { InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { ClausewatchError } from '../document/errors.js';
import type { ReadLimits } from '../document/limits.js';

/** "50MB", "500k", "1048576" → bytes. */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 50MB, 500KB or 1048576');
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

export const maxSizeOption = () =>
  new Option('--max-size <size>', 'largest file to read (e.g. 50MB)').argParser(parseSize).default(50 * 1024 ** 2, '50MB');

export function limitsFrom(opts: { maxSize?: number }): Partial<ReadLimits> {
  return opts.maxSize ? { maxFileBytes: opts.maxSize } : {};
}

export const outputOption = () => new Option('-o, --output <file>', 'write the report to FILE instead of standard output');

/** Writes a report where the user asked: to `path`, or to standard output when there is none. */
export async function writeOutput(data: string | Uint8Array, path: string | undefined): Promise<void> {
  if (path === undefined) {
    process.stdout.write(data);
    return;
  }
  try {
    await writeFile(path, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const hint = code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder; name a file' : 'check the path and its permissions';
    throw new ClausewatchError('bad-usage', `cannot write ${path} (${code}): ${hint}`);
  }
}
