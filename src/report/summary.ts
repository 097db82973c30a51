/**
 * The portfolio summary of a batch: one row per contract, one group of columns per topic (concerns, safeguards,
 * the worst concern's severity), so that a records-request haul of forty contracts can be triaged at a glance.
 * A file that could not be read is a row too, with the reason.
 */
import type { Finding } from '../engine/finding.js';
import { BUILTIN_CATEGORIES, type Severity } from '../engine/schema.js';
import type { Review, ScanOutcome } from '../review/review.js';
import { VERSION } from '../version.js';
import { csv, errorRow } from './csv.js';
import { html, htmlPage, type Html } from './html.js';
import { checklistOf, missingProtections, topicTitle, worstSeverity } from './text.js';

export const SUMMARY_FORMATS = ['csv', 'html'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

interface TopicCell {
  concerns: number;
  safeguards: number;
  /** The most serious concern on the topic, null when there is none. */
  worst: Severity | null;
}

interface Topic {
  category: string;
  title: string;
}

export function renderSummary(format: SummaryFormat, outcomes: ScanOutcome[]): string {
  const topics = topicsOf(outcomes);
  return format === 'csv' ? summaryCsv(outcomes, topics) : summaryHtml(outcomes, topics);
}

/** The built-in topics first, then any a user's rule pack added, in the order the reviews name them. */
function topicsOf(outcomes: ScanOutcome[]): Topic[] {
  const topics = new Map<string, string>(BUILTIN_CATEGORIES.map((c) => [c, topicTitle(c)]));
  for (const { review } of outcomes) {
    for (const check of review ? checklistOf(review) : []) topics.set(check.category, check.title);
  }
  return [...topics].map(([category, title]) => ({ category, title }));
}

function topicCell(review: Review, category: string): TopicCell {
  const check = checklistOf(review).find((t) => t.category === category);
  if (!check) return { concerns: 0, safeguards: 0, worst: null };
  const concerns = check.findings.map((i) => review.findings[i]).filter((f): f is Finding => f?.stance === 'concern');
  return { concerns: check.concerns, safeguards: check.safeguards, worst: worstSeverity(concerns) };
}

const profileFailures = (review: Review) => review.profile?.checks.filter((c) => c.status === 'fails').length;

// ---------------------------------------------------------------------------------------------------------

function summaryCsv(outcomes: ScanOutcome[], topics: Topic[]): string {
  const header = [
    'File',
    'Format',
    'Pages',
    'Clauses',
    ...topics.flatMap((t) => [`${t.title}: concerns`, `${t.title}: safeguards`, `${t.title}: worst concern`]),
    'Missing protections',
    'Profile requirements failed',
    'Warnings',
    'Error',
  ];
  const rows = outcomes.map(({ file, review, error }) => (review ? csvRow(review, topics) : errorRow(file, error ?? '', header.length)));
  return csv([header, ...rows]);
}

function csvRow(review: Review, topics: Topic[]): string[] {
  const failures = profileFailures(review);
  return [
    review.file,
    review.format,
    review.pages ? String(review.pages) : '',
    String(review.clauses),
    ...topics.flatMap((t) => {
      const cell = topicCell(review, t.category);
      return [String(cell.concerns), String(cell.safeguards), cell.worst ?? ''];
    }),
    String(missingProtections(review).length),
    failures === undefined ? '' : String(failures),
    review.warnings.join('; '),
    '',
  ];
}

// ---------------------------------------------------------------------------------------------------------

function summaryHtml(outcomes: ScanOutcome[], topics: Topic[]): string {
  const failed = outcomes.filter((o) => !o.review).length;
  const title = `Portfolio review: ${outcomes.length} contract${outcomes.length === 1 ? '' : 's'}`;
  const body = html`
<header class="report-head">
  <h1>${title}</h1>
  <p class="byline">Prepared by clausewatch ${VERSION} on this computer; nothing was uploaded. It points a lawyer at clauses to read, and is not legal advice.</p>
  <p class="facts">${outcomes.length - failed} reviewed${failed ? `, ${failed} could not be read` : ''}. Each topic shows the concerns and safeguards found, and the severity of the worst concern.</p>
</header>
<table class="portfolio">
  <thead><tr>
    <th scope="col">Contract</th>
    ${topics.map((t) => html`<th scope="col">${t.title}</th>`)}
    <th scope="col" class="num">Missing protections</th>
    <th scope="col">Profile</th>
    <th scope="col">Notes</th>
  </tr></thead>
  <tbody>
    ${outcomes.map((o) => (o.review ? htmlRow(o.review, topics) : htmlErrorRow(o, topics.length + 3)))}
  </tbody>
</table>`;
  return htmlPage(title, body, SUMMARY_STYLE);
}

function htmlRow(review: Review, topics: Topic[]): Html {
  return html`<tr>
      <th scope="row" class="file" title="${review.file}">${review.file}<br><span class="facts">${review.format}${review.pages ? `, ${review.pages} pages` : ''}</span></th>
      ${topics.map((t) => topicHtml(topicCell(review, t.category)))}
      <td class="num">${missingProtections(review).length}</td>
      <td>${profileHtml(review)}</td>
      <td class="notes">${review.warnings.map((w) => html`<p>${w}</p>`)}</td>
    </tr>`;
}

function profileHtml(review: Review): Html | string {
  const checks = review.profile?.checks;
  if (!checks) return '—';
  const failures = checks.filter((c) => c.status === 'fails').length;
  if (failures === 0) return html`<span class="label profile-meets">Meets all</span>`;
  return html`<span class="label profile-fails">Fails ${failures}</span><br><span class="worst">of ${checks.length} checks</span>`;
}

function topicHtml(cell: TopicCell): Html {
  if (cell.concerns === 0 && cell.safeguards === 0) return html`<td><span class="label status-silent">Not addressed</span></td>`;
  // A zero is not a warning sign: it is shown in grey, whatever the stance.
  const count = (n: number, stance: 'concern' | 'safeguard') =>
    html`<span class="label ${n > 0 ? `stance-${stance}` : 'stance-neutral'}">${n} ${stance}${n === 1 ? '' : 's'}</span>`;
  return html`<td>
        ${count(cell.concerns, 'concern')}
        ${count(cell.safeguards, 'safeguard')}
        ${cell.worst ? html`<br><span class="worst">worst: ${cell.worst}</span>` : ''}
      </td>`;
}

function htmlErrorRow(outcome: ScanOutcome, span: number): Html {
  return html`<tr class="error">
      <th scope="row" class="file" title="${outcome.file}">${outcome.file}</th>
      <td colspan="${span}"><span class="label error">Could not be read</span> ${outcome.error}</td>
    </tr>`;
}

const SUMMARY_STYLE = `
body { max-width: 80rem; }
.portfolio td .label { margin: 0 .2rem .2rem 0; }
.portfolio th.file { font-weight: 600; overflow-wrap: anywhere; min-width: 12rem; }
.portfolio .facts { font-weight: 400; font-size: .85rem; }
.portfolio .worst { font-size: .85rem; color: var(--muted); }
.portfolio .notes p { margin: 0 0 .25rem; font-size: .85rem; color: var(--muted); }
.portfolio tr.error td { color: var(--concern); }
@media print { .portfolio { font-size: 9pt; } }
`;
