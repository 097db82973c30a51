/**
 * A strict RFC 4180 reader for the tests: CRLF between records, quotes only around a whole field, "" for a quote
 * inside one. Anything else throws, so a test that parses a report also checks that it is well-formed.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const fail = (what: string) => {
    throw new Error(`CSV: ${what} at offset ${i} (record ${rows.length + 1})`);
  };
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else value += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') fail('quote inside an unquoted field');
        value += text[i++];
      }
    }
    row.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after a field`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Rows as objects keyed by the header row; every row must have as many fields as the header. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('CSV: no header row');
  return rows.map((row, n) => {
    if (row.length !== header.length) throw new Error(`CSV: record ${n + 2} has ${row.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((name, j) => [name, row[j] ?? '']));
  });
}
