/**
 * `clausewatch scan PATH...`: the review of each contract, or of every contract in a folder, as one report or
 * one portfolio summary. One bad file never stops the others: it becomes an error row, and the exit code is 2
 * once everything has been written.
 */
import { Presets, SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { ClausewatchError, isClausewatchError } from '../document/errors.js';
import { loadRuleSet } from '../engine/ruleset.js';
import { analyze, loadAllProtections, type AnalyzeOptions } from '../index.js';
import {
  BINARY_FORMATS,
  checkContractCount,
  REPORT_FORMATS,
  renderReport,
  renderSummary,
  SUMMARY_FORMATS,
  type ReportFormat,
  type SummaryFormat,
} from '../report/index.js';
import { loadProfile } from '../review/profile.js';
import type { ScanOutcome } from '../review/review.js';
import { readDocumentFile } from '../document/read.js';
import type { OcrMode } from '../document/ocr/types.js';
import { limitsFrom, maxSizeOption, ocrCacheOption, ocrOption, ocrOptionsFrom, outputOption, writeOutput } from './options.js';

interface ScanOptions {
  format: ReportFormat;
  summary?: SummaryFormat;
  output?: string;
  profile?: string;
  rules?: string[];
  maxSize: number;
  ocr: OcrMode;
  ocrCache: boolean;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('flag retention, sharing and facial-recognition clauses in contracts, or in every contract in a folder')
    .argument('<paths...>', 'contracts (DOCX, PDF, text, Markdown, HTML) or folders of them, searched recursively')
    .addOption(new Option('-f, --format <format>', 'report format (docx needs --output)').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option('-s, --summary <format>', 'write one portfolio table instead: a row per contract, a column per topic')
        .choices(SUMMARY_FORMATS)
        .conflicts('format'),
    )
    .addOption(outputOption())
    .option('-p, --profile <file>', "measure each contract against the city's own policy (a YAML profile) instead of the built-in one")
    .option('-r, --rules <path...>', 'add your own rule pack (a YAML file or a folder of them) to the built-in ones')
    .addOption(maxSizeOption())
    .addOption(ocrOption())
    .addOption(ocrCacheOption())
    .action((paths: string[], opts: ScanOptions) => runScan(paths, opts));
}

async function runScan(paths: string[], opts: ScanOptions): Promise<void> {
  checkUsage(opts);
  const inputs = await expandInputs(paths, opts.output);
  if (!opts.summary) checkContractCount(opts.format, inputs.length);
  const analysis = await analysisOptions(opts);
  const progress = startProgress(inputs.filter((i) => !i.error).length, showProgress(opts));
  let outcomes: ScanOutcome[];
  try {
    outcomes = await reviewAll(inputs, analysis, progress, opts);
  } finally {
    progress.finish();
  }
  const failed = outcomes.some((o) => o.error);
  if (failed) process.exitCode = 2;
  // A binary report is of one contract: if it could not be read, its one-line error has been said already.
  if (!opts.summary && BINARY_FORMATS.includes(opts.format) && outcomes.every((o) => o.error)) return;
  await writeOutput(await render(outcomes, opts), opts.output);
}

/** Mistakes in the options are reported before any contract is read. */
function checkUsage(opts: ScanOptions): void {
  if (!opts.summary && BINARY_FORMATS.includes(opts.format) && opts.output === undefined) {
    throw new ClausewatchError('bad-usage', `--format ${opts.format} writes a binary file; name it with --output FILE`);
  }
}

/** Rules, missing-protection checks and the profile, loaded and compiled once for the whole batch. */
async function analysisOptions(opts: ScanOptions): Promise<AnalyzeOptions> {
  return {
    rules: await loadRuleSet(opts.rules ?? []),
    protections: await loadAllProtections(),
    ...(opts.profile !== undefined ? { profile: await loadProfile(opts.profile) } : {}),
    limits: limitsFrom(opts),
  };
}

/** The reviews in the order the files were named (folders sorted); a file that fails is an error outcome. */
async function reviewAll(inputs: ScanOutcome[], analysis: AnalyzeOptions, progress: Progress, opts: ScanOptions): Promise<ScanOutcome[]> {
  const outcomes: ScanOutcome[] = [];
  for (const input of inputs) {
    if (input.error) {
      progress.note(`clausewatch: ${input.error}\n`);
      outcomes.push(input);
      continue;
    }
    progress.begin(input.file);
    const ocr = ocrOptionsFrom(opts, progress.active ? (done, total) => progress.ocr(input.file, done, total) : undefined);
    try {
      const document = await readDocumentFile(input.file, { limits: analysis.limits ?? {}, ocr: ocr.ocr });
      outcomes.push({ file: input.file, review: await analyze(document, analysis) });
    } catch (e) {
      // Ctrl-C during OCR stops the whole batch, not just this file.
      if (!isClausewatchError(e) || e.code === 'cancelled') throw e;
      outcomes.push({ file: input.file, error: e.message });
      progress.note(`clausewatch: ${e.message}\n`);
    } finally {
      ocr.done();
    }
    progress.end();
  }
  return outcomes;
}

async function render(outcomes: ScanOutcome[], opts: ScanOptions): Promise<string | Uint8Array> {
  if (opts.summary) return withBom(opts.summary, renderSummary(opts.summary, outcomes), opts.output);
  const color = opts.format === 'text' && opts.output === undefined && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const report = await renderReport(opts.format, outcomes, { color });
  return typeof report === 'string' ? withBom(opts.format, report, opts.output) : report;
}

/**
 * A CSV written to a file is for a spreadsheet, and Excel reads a UTF-8 file without a byte-order mark as the
 * local code page (mangling "§" and curly quotes). On standard output the CSV stays plain for other programs.
 */
function withBom(format: string, text: string, output: string | undefined): string {
  return format === 'csv' && output !== undefined ? `\uFEFF${text}` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs: files as named, folders walked

/** Files that are plainly not contracts, skipped inside folders. Anything else is judged by its content. */
const NOT_CONTRACTS = new Set(
  [
    'png jpg jpeg gif bmp tif tiff webp heic heif svg ico', // images (a scanned contract needs to be a PDF)
    'mp3 mp4 m4a m4v mov avi mkv wav wmv webm flac ogg', // audio and video
    'zip 7z rar tar gz tgz bz2 xz zst', // archives
    'exe dll so dylib msi dmg iso bin class jar pyc wasm o a', // programs
    'xls xlsx xlsm ods csv tsv ppt pptx odp', // spreadsheets and slides
    'json jsonl yaml yml xml js mjs cjs ts css map', // data and code
    'ttf otf woff woff2 eot db sqlite lnk ini', // fonts, databases, shortcuts, settings
  ]
    .join(' ')
    .split(' '),
);

/**
 * Each path as a file to review, or the files in it when it is a folder. A folder with nothing to review is an
 * error row of its own (so is one that cannot be read); a path that does not exist is left for `analyze` to
 * report in its usual words.
 */
async function expandInputs(paths: string[], output: string | undefined): Promise<ScanOutcome[]> {
  // A report written into the folder being scanned must not be read back as a contract on the next run.
  const exclude = output === undefined ? undefined : resolve(output);
  const inputs: ScanOutcome[] = [];
  for (const path of paths) {
    if (!(await isFolder(path))) {
      inputs.push({ file: path });
      continue;
    }
    try {
      const files = (await walk(path)).filter((f) => resolve(f) !== exclude);
      if (files.length === 0) inputs.push({ file: path, error: `${path} contains no contracts to review (DOCX, PDF, text, Markdown or HTML)` });
      inputs.push(...files.map((file) => ({ file })));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
      inputs.push({ file: path, error: `${path} cannot be read (${code}); check its permissions` });
    }
  }
  return inputs;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The candidate contracts under `folder`, sorted, without hidden files, Office lock files or plain non-contracts. */
async function walk(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    // A symbolic link is followed to a file but not to a folder, which could lead back up the tree.
    else if ((entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) && !NOT_CONTRACTS.has(extension(entry.name))) {
      files.push(path);
    }
  }
  return files;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

const extension = (name: string) => extname(name).slice(1).toLowerCase();

// ---------------------------------------------------------------------------------------------------------
// Progress: a bar on a terminal, nothing when piped

interface Progress {
  /** A bar is drawn (OCR progress then goes into it, through `ocr`). */
  active: boolean;
  begin(file: string): void;
  /** OCR progress on a file: "contract.pdf — OCR page 3 of 8". */
  ocr(file: string, done: number, total: number): void;
  end(): void;
  /** A line for stderr (a file that failed); held back while the bar is drawn, so the two don't garble. */
  note(line: string): void;
  finish(): void;
}

/** Only a person at a terminal wants a bar; JSON output is for programs, which would only get noise. */
function showProgress(opts: ScanOptions): boolean {
  return process.stderr.isTTY === true && (opts.summary !== undefined || opts.format !== 'json');
}

function startProgress(total: number, show: boolean): Progress {
  if (!show || total === 0) {
    return { active: false, begin() {}, ocr() {}, end() {}, note: (line) => void process.stderr.write(line), finish() {} };
  }
  const bar = new SingleBar(
    { stream: process.stderr, format: 'Reviewing {bar} {value}/{total} contracts  {file}', clearOnComplete: true, hideCursor: true, barsize: 30 },
    Presets.shades_classic,
  );
  const notes: string[] = [];
  bar.start(total, 0, { file: '' });
  return {
    active: true,
    begin: (file) => bar.update({ file: basename(file) }),
    ocr: (file, done, total) => bar.update({ file: `${basename(file)} — OCR page ${Math.min(done + 1, total)} of ${total}` }),
    end: () => bar.increment(),
    note: (line) => void notes.push(line),
    finish: () => {
      bar.stop();
      for (const line of notes) process.stderr.write(line);
    },
  };
}
