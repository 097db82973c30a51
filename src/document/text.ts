/**
 * Plain text, Markdown and (simple) HTML. Paragraphs are separated by blank lines; a hard-wrapped paragraph's
 * lines are joined (and a word hyphenated across a line end is mended); a line that starts with a clause
 * number starts a new paragraph even without a blank line.
 */
import type { Block, ReadResult } from './model.js';
import { readLabel } from '../segment/numbering.js';
import { hyphenatedWords, joinParagraph } from './join-lines.js';

export function readText(source: string, format: 'text' | 'markdown' = 'text'): ReadResult {
  const blocks: Block[] = [];
  const sourceLines = source.replace(/\r\n?/g, '\n').split('\n');
  // Hyphenated words the text prints elsewhere ("pre-existing"): kept whole where a line break splits one.
  const compounds = hyphenatedWords(sourceLines);
  let lines: string[] = [];
  const flush = () => {
    if (lines.length) blocks.push({ kind: 'paragraph', text: joinParagraph(lines, compounds) });
    lines = [];
  };
  for (const raw of sourceLines) {
    const line = raw.trim();
    if (!line || /^\f+$/.test(line)) {
      flush();
      continue;
    }
    if (format === 'markdown') {
      const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
      if (heading) {
        flush();
        blocks.push({ kind: 'heading', level: heading[1]!.length, text: stripMarkdown(heading[2]!) });
        continue;
      }
      const bullet = /^[-*+]\s+(.*)$/.exec(line);
      if (bullet) {
        flush();
        lines.push(stripMarkdown(bullet[1]!));
        continue;
      }
    }
    if (lines.length > 0 && readLabel(line)) flush();
    lines.push(format === 'markdown' ? stripMarkdown(line) : line);
  }
  flush();
  return { format, blocks, warnings: [] };
}

function stripMarkdown(s: string): string {
  return s.replace(/\*\*|__|`/g, '').replace(/(^|\s)[*_]([^*_]+)[*_](?=\s|$|[.,;:])/g, '$1$2').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/**
 * HTML without a DOM: headings, paragraphs, list items and cells become blocks; scripts and styles are dropped.
 * One linear pass over the tags, so a hostile page cannot make it slow.
 */
export function readHtml(source: string): ReadResult {
  const blocks: Block[] = [];
  let kind: Block['kind'] = 'paragraph';
  let level: number | undefined;
  let skipping: string | undefined; // inside <script>, <style>…: text is not content
  let text = '';
  const flush = () => {
    const clean = decodeEntities(text).replace(/\s+/g, ' ').trim();
    if (clean) blocks.push({ kind, text: clean, ...(level ? { level } : {}) });
    text = '';
  };
  // Tags are found with indexOf, not a regular expression: an unclosed "<" or "<!--" stays linear.
  let last = 0;
  for (let at = source.indexOf('<'); at >= 0; at = source.indexOf('<', last)) {
    if (!skipping) text += source.slice(last, at);
    const isComment = source.startsWith('<!--', at);
    const close = isComment ? source.indexOf('-->', at + 4) : source.indexOf('>', at + 1);
    if (close < 0) {
      last = source.length;
      break;
    }
    last = close + (isComment ? 3 : 1);
    const tag = isComment ? undefined : /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(source.slice(at, Math.min(close, at + 40)));
    const name = tag?.[2]?.toLowerCase();
    if (!name) continue;
    const closing = tag![1] === '/';
    if (skipping) {
      if (closing && name === skipping) skipping = undefined;
      continue;
    }
    if (!closing && SKIPPED.has(name)) {
      skipping = name;
      continue;
    }
    if (!BLOCK_TAGS.has(name)) continue;
    flush();
    const heading = /^h([1-6])$/.exec(name);
    if (closing) [kind, level] = ['paragraph', undefined];
    else if (heading) [kind, level] = ['heading', Number(heading[1])];
    else if (name === 'td' || name === 'th') kind = 'table-cell';
    else if (name === 'li') kind = 'list-item';
  }
  if (!skipping) text += source.slice(last);
  flush();
  return { format: 'html', blocks, warnings: [] };
}

const SKIPPED = new Set(['script', 'style', 'head', 'template', 'noscript']);
const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'td', 'th', 'div', 'br', 'tr', 'section', 'article', 'blockquote', 'title']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sect: '§', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}
