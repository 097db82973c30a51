/** Joining wrapped lines and mending hyphenation: one rule for PDF and plain-text contracts. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hyphenatedWords, joinLines, joinParagraph } from '../src/document/join-lines.js';
import { readText } from '../src/document/text.js';

describe('joinLines', () => {
  it.each([
    ['reten-', 'tion period', 'retention period'],
    ['third-', 'party', 'third-party'],
    ['non-', 'exclusive', 'non-exclusive'],
    ['self-', 'insured', 'self-insured'],
    ['co-', 'operation', 'co-operation'],
    ['cross-', 'border', 'cross-border'],
    ['long-', 'term', 'long-term'],
    ['short-', 'term', 'short-term'],
    ['well-', 'being', 'well-being'],
    ['real-', 'time', 'real-time'],
    ['short-', 'age', 'shortage'], // the prefix plus a word ending is one word
    ['re-', 'tain', 'retain'], // a syllable, not a prefix word: "re-tain" would hide "retain" from the rules
    ['end-to-', 'end', 'end-to-end'], // already a compound
    ['Non-', 'Disclosure', 'Non-Disclosure'], // capital after the hyphen: keep it
    ['COVID-', '19', 'COVID-19'],
    ['hy\u00AD', 'phen', 'hyphen'], // soft hyphen
    ['the term —', 'which', 'the term — which'], // a dash is not a hyphen
    ['shall', 'retain', 'shall retain'],
  ])('joinLines(%j, %j) → %j', (left, right, joined) => {
    expect(joinLines(left, right)).toBe(joined);
  });

  it('keeps a hyphen the document prints elsewhere in the same word', () => {
    const compounds = hyphenatedWords(['Pre-existing footage is excluded.']);
    expect(joinLines('all pre-', 'existing footage', compounds)).toBe('all pre-existing footage');
    expect(joinLines('all pre-', 'existing footage')).toBe('all preexisting footage');
  });

  it('joins a paragraph line by line, skipping blank lines', () => {
    expect(joinParagraph(['  Vendor shall delete reten-', 'tion copies of third-', '   ', 'party data. '])).toBe(
      'Vendor shall delete retention copies of third-party data.',
    );
  });
});

describe('hyphenatedWords', () => {
  it('finds the hyphenated words a document prints, lowercase', () => {
    expect([...hyphenatedWords(['De-identified Data, opt-in, state-of-the-art; not -x, y- or a--b; COVID-19'])]).toEqual([
      'de-identified',
      'opt-in',
      'state-of-the-art',
    ]);
  });
});

describe('hostile text does not make joining slow', () => {
  // A single pattern for these shapes backtracks: quadratic on a long run of letters (about 15 minutes at a megabyte).
  // A regular expression cannot be interrupted, so each case runs in a child process that is killed after 20 s.
  const JOIN_LINES = new URL('../dist/document/join-lines.js', import.meta.url).href;
  const within20s = (body: string) => {
    const script = `import(${JSON.stringify(JOIN_LINES)}).then(({ hyphenatedWords, joinLines, joinParagraph }) => { ${body} });`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    return { finished: out.status === 0 && out.signal === null, stdout: out.stdout.trim(), stderr: out.stderr };
  };

  it('a megabyte-long word', { timeout: 30_000 }, () => {
    const result = within20s(`const run = 'a'.repeat(1_000_000);
      console.log(hyphenatedWords([run]).size, joinLines(run + ' x-', 'y') === run + ' xy');`);
    expect(result).toMatchObject({ finished: true, stdout: '0 true' });
  });

  it('a paragraph of 200,000 short lines', { timeout: 30_000 }, () => {
    const result = within20s(`console.log(joinParagraph(Array.from({ length: 200_000 }, () => 'data-')).length);`);
    expect(result).toMatchObject({ finished: true, stdout: String(200_000 * 4 + 1) });
  });
});

describe('plain-text reader', () => {
  it('mends line-end hyphens as the PDF reader does', () => {
    const read = readText('Vendor may share Non-\nDisclosure terms, pre-\nexisting footage and re-\ntention logs.\n\nPre-existing footage is excluded.');
    expect(read.blocks[0]!.text).toBe('Vendor may share Non-Disclosure terms, pre-existing footage and retention logs.');
  });
});
