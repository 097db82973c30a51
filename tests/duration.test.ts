/**
 * Retention periods as contracts write them, normalised to days (month 30, quarter 91.25, year 365, week 7).
 * Phrases are written for this project; the peer benchmark is scored separately by scripts/peer-durations.mjs.
 */
import { describe, expect, it } from 'vitest';
import { describeDuration, findDurations, isUnbounded, wordsToNumber } from '../src/language/duration.js';

/** The one period found in a text. */
function only(text: string) {
  const found = findDurations(text);
  expect(found, `periods in "${text}"`).toHaveLength(1);
  return found[0]!;
}

describe('fixed periods', () => {
  it.each([
    ['Recordings are purged thirty (30) days after upload.', 'thirty (30) days', 30],
    ['Plate images are kept for one (1) year.', 'one (1) year', 365],
    ['Untagged clips follow a 90-day retention cycle.', '90-day', 90],
    ['The Contractor keeps hotlist hits for ninety days.', 'ninety days', 90],
    ['Live buffers are overwritten within 24 hours.', '24 hours', 1],
    ['Audio is archived for six months.', 'six months', 180],
    ['Drafts are held for two weeks.', 'two weeks', 14],
    ['Usage reports are kept for three quarters.', 'three quarters', 273.75],
    ['Logs are rotated after seventy-two (72) hours.', 'seventy-two (72) hours', 3],
    ['Exports expire after one hundred and twenty days.', 'one hundred and twenty days', 120],
    ['Metadata is retained for 1,000 days.', '1,000 days', 1000],
    ['Snapshots are retained for 1.5 years.', '1.5 years', 547.5],
    ['Tickets are answered within ten (10) business days.', 'ten (10) business days', 10],
    ['Clips are stored for a year.', 'a year', 365],
    ['Reports are due within half a year.', 'half a year', 182.5],
    ['The pilot lasts two and a half years.', 'two and a half years', 912.5],
    ['Renewal occurs on the third anniversary; the hold lasts two anniversaries.', 'two anniversaries', 730],
  ])('%s', (text, words, days) => {
    const d = only(text);
    expect(d.kind).toBe('fixed');
    expect(d.text).toBe(words);
    expect(text.slice(d.start, d.end)).toBe(words);
    expect(d.days).toBeCloseTo(days, 6);
  });

  it('takes the figure in parentheses over the words when they disagree', () => {
    expect(only('kept for thirty (45) days').amount).toBe(45);
  });

  it('keeps the unit and qualifier as written', () => {
    expect(only('within five (5) business days').qualifier).toBe('business');
    expect(only('for sixty calendar days').unit).toBe('day');
    expect(only('for 3 yrs').unit).toBe('year');
  });

  it('finds every period in order', () => {
    const found = findDurations('Footage is kept for 30 days, backups for 35 days and audit logs for two (2) years.');
    expect(found.map((d) => d.days)).toEqual([30, 35, 730]);
  });

  it('does not read rates, ordinals, money or percentages as periods', () => {
    expect(findDurations('Support is available 24 hours a day, seven days a week.').map((d) => d.days)).toEqual([1, 7]);
    expect(findDurations('Backups run twice a year.')).toEqual([]);
    expect(findDurations('The camera is replaced in the thirtieth (30th) month.')).toEqual([]);
    expect(findDurations('Fees of $30 are due. Uptime of 99.5% each month.')).toEqual([]);
  });
});

describe('relative periods', () => {
  it('reads "the term of this Agreement plus seven years" as term + 7 years', () => {
    const d = only('Vendor shall retain access logs for the term of this Agreement plus seven (7) years.');
    expect(d).toMatchObject({ kind: 'relative', anchor: 'the term of this Agreement', days: 2555, amount: 7, unit: 'year' });
    expect(describeDuration(d)).toBe('the term of this Agreement plus 7 years');
  });

  it('reads "and N after it ends" as a period added to its anchor', () => {
    const d = only('Clips may be kept for the duration of the Study and sixty (60) days after it ends.');
    expect(d).toMatchObject({ kind: 'relative', anchor: 'the duration of the Study', days: 60 });
  });

  it('reads a period that lasts as long as the contract, adding nothing', () => {
    const d = only('Vendor may store the images throughout the term of this Contract.');
    expect(d).toMatchObject({ kind: 'relative', days: 0, anchor: 'the term of this Contract' });
  });
});

describe('unbounded periods', () => {
  it.each([
    ['Provider may keep derived data indefinitely.', 'indefinitely'],
    ['Vendor may hold anonymised images in perpetuity.', 'in perpetuity'],
    ['Hashes are retained perpetually.', 'perpetually'],
    ['Templates are stored for an indefinite period of time.', 'for an indefinite period of time'],
    ['Summaries are kept permanently by the Vendor.', 'kept permanently'],
  ])('indefinite: %s', (text, words) => {
    const d = only(text);
    expect(d).toMatchObject({ kind: 'indefinite', text: words, days: Infinity });
    expect(isUnbounded(d)).toBe(true);
    expect(describeDuration(d)).toBe('indefinitely');
  });

  it('reads "as long as Vendor deems necessary" as the vendor\'s discretion', () => {
    const d = only('Vendor may retain the recordings for as long as Vendor deems necessary for its operations.');
    expect(d).toMatchObject({ kind: 'discretionary', decidedBy: 'Vendor', days: Infinity });
    expect(describeDuration(d)).toBe('for as long as Vendor decides');
  });

  it('names who decides, or says that nobody fixed a period', () => {
    expect(only('kept for such period as the Contractor determines appropriate').decidedBy).toBe('the Contractor');
    expect(only('retained as long as it believes necessary').decidedBy).toBe('the vendor');
    const needed = only('retained only as long as reasonably necessary for its business purposes');
    expect(needed.kind).toBe('discretionary');
    expect(needed.decidedBy).toBeUndefined();
    expect(only('Provider may retain copies at its sole discretion.').decidedBy).toBe('the vendor');
  });

  it('does not take deletion or boilerplate for open-ended keeping', () => {
    expect(findDurations('Vendor shall permanently delete all footage.')).toEqual([]);
    expect(findDurations('including, without limitation, hosting and support')).toEqual([]);
    expect(findDurations('Vendor may add members to the network at its discretion.')).toEqual([]);
  });
});

describe('cost', () => {
  it('stays linear on long runs of number words that are not periods', () => {
    const text = 'one two three four five six seven eight nine ten '.repeat(2000);
    const start = performance.now();
    expect(findDurations(text)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(1000); // quadratic matching took seconds here
  });
});

describe('numbers in words', () => {
  it.each([
    ['thirty', 30],
    ['twenty-one', 21],
    ['one hundred eighty', 180],
    ['two hundred and ten', 210],
    ['a dozen', 12],
    ['three thousand', 3000],
  ])('%s = %d', (words, n) => expect(wordsToNumber(words)).toBe(n));

  it('refuses words that are not numbers', () => expect(wordsToNumber('thirty days')).toBeUndefined());
});
