/**
 * The HTML report: one self-contained file a city attorney can open, read and print. No scripts, no external
 * requests (a Content-Security-Policy forbids both, in case anything slipped through), and every piece of
 * contract text — clause text, headings, quotes, file names, warnings — is escaped, in text and attributes alike:
 * the contract comes from the vendor, and a clause may contain markup.
 */
import type { ClauseRef, Finding } from '../engine/finding.js';
import type { Review, ScanOutcome, TopicCheck } from '../review/review.js';
import { VERSION } from '../version.js';
import {
  checklistOf,
  citation,
  clauseCaveats,
  clauseWhere,
  findingsByClause,
  headingPath,
  isFlagged,
  missingProtections,
  PROFILE_STATUS_LABEL,
  STANCE_LABEL,
  TOPIC_STATUS_LABEL,
  topicTitle,
  where,
  type ClauseGroup,
} from './text.js';

/** Escapes text for HTML content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Markup that is already safe; anything else interpolated into `html` is escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}
type HtmlValue = Html | string | number | null | undefined | HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? toHtml(values[i]) : ''), ''));
}

function toHtml(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(toHtml).join('');
  return escapeHtml(value);
}

export function renderHtml(outcomes: ScanOutcome[]): string {
  const title = outcomes.length === 1 ? `Contract review: ${outcomes[0]?.file ?? ''}` : `Contract review: ${outcomes.length} contracts`;
  const body = html`
<header class="report-head">
  <h1>${outcomes.length === 1 ? 'Contract review' : title}</h1>
  <p class="byline">Prepared by clausewatch ${VERSION} on this computer; nothing was uploaded. It points a lawyer at clauses to read, and is not legal advice.</p>
</header>
${outcomes.length > 1 ? contents(outcomes) : ''}
${outcomes.map((o, i) => (o.review ? contractSection(o.review, `k${i + 1}`) : errorSection(o, `k${i + 1}`)))}
`;
  return htmlPage(title, body);
}

/** The page around a report body: inline CSS, a print stylesheet, and a policy that allows nothing else. */
export function htmlPage(title: string, body: Html, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="clausewatch ${escapeHtml(VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
${body.value.trim()}
</body>
</html>
`;
}

function contents(outcomes: ScanOutcome[]): Html {
  return html`<nav class="contents" aria-label="Contracts"><h2>Contracts</h2><ol>${outcomes.map(
    (o, i) => html`<li><a href="#k${i + 1}" title="${o.file}">${o.file}</a>${o.error ? html` <span class="label error">Could not be read</span>` : ''}</li>`,
  )}</ol></nav>`;
}

function errorSection(outcome: ScanOutcome, id: string): Html {
  return html`
<article class="contract" id="${id}">
  <h2 class="file">${outcome.file}</h2>
  <p class="callout error"><span class="label error">Could not be read</span> ${outcome.error}</p>
</article>`;
}

function contractSection(review: Review, id: string): Html {
  const groups = findingsByClause(review);
  const flagged = groups.filter(isFlagged);
  const cards = new Set(flagged.map((g) => g.findings[0]?.clause?.id));
  return html`
<article class="contract" id="${id}">
  <h2 class="file">${review.file}</h2>
  <p class="facts">${facts(review)}</p>
  ${warningsSection(review)}
  ${checklistSection(review, id)}
  ${profileSection(review, id, cards)}
  ${missingSection(review, id)}
  ${clausesSection(review, id, flagged)}
  ${mentionsSection(groups.filter((g) => !isFlagged(g)))}
</article>`;
}

function facts(review: Review): string {
  const format = { docx: 'Word document', pdf: 'PDF', text: 'Plain text', markdown: 'Markdown', html: 'HTML' }[review.format];
  return [format, review.pages ? `${review.pages} pages` : '', `${review.clauses} clauses read`].filter(Boolean).join(' · ');
}

/** Things that limit how far the reading can be trusted (OCR, tracked changes, unread pages) come first. */
function warningsSection(review: Review): Html | '' {
  const tracked = review.findings.filter((f) => f.tracked).length;
  const items = [
    ...review.warnings,
    ...(tracked > 0 ? [`${tracked} finding${tracked === 1 ? ' is' : 's are'} on text with pending tracked changes, read as if accepted.`] : []),
  ];
  if (items.length === 0) return '';
  return html`
  <section class="warnings callout">
    <h3>Before you rely on this reading</h3>
    <ul>${items.map((w) => html`<li>${w}</li>`)}</ul>
  </section>`;
}

function checklistSection(review: Review, id: string): Html {
  const checklist = checklistOf(review);
  const rows = checklist.map((topic) => checklistRow(review, id, topic));
  return html`
  <section class="checklist" id="${id}-checklist">
    <h3>Checklist</h3>
    ${
      checklist.length === 0
        ? html`<p class="none">No topics were checked.</p>`
        : html`<table>
      <thead><tr><th scope="col">Topic</th><th scope="col">What the contract does</th><th scope="col" class="num">Concerns</th><th scope="col" class="num">Safeguards</th><th scope="col">Concerns at</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`
    }
  </section>`;
}

function checklistRow(review: Review, id: string, topic: TopicCheck): Html {
  const concerns = topic.findings.map((i) => review.findings[i]).filter((f): f is Finding => f?.stance === 'concern');
  // One link per clause (a clause may carry several concerns); missing protections all link to their section.
  const targets = new Map(concerns.map((f) => [f.clause ? `${id}-${f.clause.id}` : `${id}-missing`, where(f)]));
  const links = [...targets].map(([anchor, label]) => html`<a href="#${anchor}">${label}</a>`);
  return html`<tr>
        <th scope="row">${topic.title}</th>
        <td><span class="label status-${topic.status}">${TOPIC_STATUS_LABEL[topic.status]}</span></td>
        <td class="num">${topic.concerns}</td>
        <td class="num">${topic.safeguards}</td>
        <td class="links">${links.length ? joinHtml(links, ', ') : '—'}</td>
      </tr>`;
}

function profileSection(review: Review, id: string, cards: Set<string | undefined>): Html {
  const profile = review.profile;
  if (!profile) {
    return html`
  <section class="profile" id="${id}-profile">
    <h3>Against the city's profile</h3>
    <p class="none">No profile was given. Run <code>clausewatch scan --profile FILE</code> to compare this contract with the city's own requirements.</p>
  </section>`;
  }
  return html`
  <section class="profile" id="${id}-profile">
    <h3>Against the city's profile: ${profile.name}</h3>
    <p class="source">${profile.source === 'built-in' ? 'The built-in profile' : html`Profile from <code>${profile.source}</code>`}.</p>
    ${
      profile.checks.length === 0
        ? html`<p class="none">The profile has no requirements.</p>`
        : html`<table>
      <thead><tr><th scope="col">Result</th><th scope="col">Requirement</th><th scope="col">Finding</th><th scope="col">Where</th></tr></thead>
      <tbody>${profile.checks.map(
        (check) => html`<tr>
        <td><span class="label profile-${check.status}">${PROFILE_STATUS_LABEL[check.status]}</span></td>
        <td><code>${check.requirement}</code></td>
        <td>${check.message}</td>
        <td class="where">${check.clause ? clauseLink(id, check.clause, cards) : '—'}</td>
      </tr>`,
      )}</tbody>
    </table>`
    }
  </section>`;
}

function missingSection(review: Review, id: string): Html {
  const missing = missingProtections(review);
  return html`
  <section class="missing" id="${id}-missing">
    <h3>Missing protections</h3>
    ${
      missing.length === 0
        ? html`<p class="none">No missing protections were found.</p>`
        : html`<p class="intro">The contract says nothing on these points. Each is worth asking for.</p>
    <ul class="findings">${missing.map((f) => findingItem(f, review))}</ul>`
    }
  </section>`;
}

function clausesSection(review: Review, id: string, groups: ClauseGroup[]): Html {
  return html`
  <section class="clauses" id="${id}-clauses">
    <h3>Flagged clauses</h3>
    ${groups.length === 0 ? html`<p class="none">No clause was flagged as a concern or a safeguard.</p>` : groups.map((g) => clauseCard(review, id, g))}
  </section>`;
}

function clauseCard(review: Review, id: string, group: ClauseGroup): Html {
  const ref = group.findings[0]?.clause;
  if (!ref) return html``;
  const stances = unique(group.findings.map((f) => f.stance).filter((s) => s !== 'neutral'));
  return html`
    <article class="clause" id="${id}-${ref.id}">
      <header>
        <span class="cite">${ref.section ? citation(ref.section) : 'Unnumbered clause'}</span>
        ${ref.page ? html`<span class="page">page ${ref.page}</span>` : ''}
        ${stances.map((s) => html`<span class="label stance-${s}">${STANCE_LABEL[s]}</span>`)}
        ${ref.heading ? html`<span class="heading">${headingPath(ref.heading)}</span>` : ''}
      </header>
      <blockquote>${group.clause ? highlighted(review, group) : group.findings.map((f) => html`<mark>${f.quote}</mark> `)}</blockquote>
      ${clauseCaveats(group.clause, group.findings).map((c) => html`<p class="caveat">${c}</p>`)}
      <ul class="findings">${group.findings.map((f) => findingItem(f, review))}</ul>
    </article>`;
}

/** The clause text with the words that triggered each finding marked (overlapping spans merged). */
function highlighted(review: Review, group: ClauseGroup): Html {
  const clause = group.clause;
  if (!clause) return html``;
  const spans = mergeSpans(
    group.findings.map((f) => ({
      start: Math.max(0, f.start - clause.start),
      end: Math.min(clause.text.length, f.end - clause.start),
      reason: f.reason,
    })),
  );
  const parts: HtmlValue[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(clause.text.slice(at, span.start), html`<mark title="${span.reasons.join('; ')}">${clause.text.slice(span.start, span.end)}</mark>`);
    at = span.end;
  }
  parts.push(clause.text.slice(at));
  return html`${parts}`;
}

function mergeSpans(spans: { start: number; end: number; reason: string }[]): { start: number; end: number; reasons: string[] }[] {
  const merged: { start: number; end: number; reasons: string[] }[] = [];
  for (const s of [...spans].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      if (!last.reasons.includes(s.reason)) last.reasons.push(s.reason);
    } else merged.push({ start: s.start, end: s.end, reasons: [s.reason] });
  }
  return merged;
}

function findingItem(f: Finding, review: Review): Html {
  const missing = f.clause === null;
  return html`<li class="finding stance-${missing ? 'concern' : f.stance}">
        <p class="what">${missing ? html`<span class="label stance-concern">Missing</span>` : html`<span class="label stance-${f.stance}">${STANCE_LABEL[f.stance]}</span>`}
          ${f.stance === 'concern' || missing ? html`<span class="severity">${f.severity} severity</span> · ` : ''}<span class="topic">${topicTitle(f.category, review.checklist)}</span>
          <br><strong class="title">${f.title}</strong></p>
        ${f.stance !== 'neutral' || missing ? html`<p class="why"><span class="term">Why it matters.</span> ${f.why.trim()}</p>` : ''}
        ${f.stance === 'concern' || missing ? html`<p class="ask"><span class="term">Ask for.</span> ${f.ask.trim()}</p>` : ''}
        ${missing ? '' : html`<p class="reason">Read as ${f.stance}: ${f.reason} <span class="rule">(rule ${f.ruleId})</span></p>`}
      </li>`;
}

function mentionsSection(groups: ClauseGroup[]): Html | '' {
  if (groups.length === 0) return '';
  return html`
  <section class="mentions">
    <h3>Other mentions</h3>
    <p class="intro">Clauses that define or mention a topic without widening or limiting it, for completeness.</p>
    <table>
      <thead><tr><th scope="col">Where</th><th scope="col">Heading</th><th scope="col">What</th><th scope="col">Words</th></tr></thead>
      <tbody>${groups.flatMap((g) =>
        g.findings.map(
          (f) => html`<tr><td class="where">${where(f)}</td><td>${headingPath(f.clause?.heading ?? '')}</td><td>${f.title}</td><td class="words">${f.quote}</td></tr>`,
        ),
      )}</tbody>
    </table>
  </section>`;
}


/** A link to the clause's card when the report has one (a clause with only neutral findings has none). */
function clauseLink(id: string, ref: ClauseRef, cards: Set<string | undefined>): Html {
  return cards.has(ref.id) ? html`<a href="#${id}-${ref.id}">${clauseWhere(ref)}</a>` : html`${clauseWhere(ref)}`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function joinHtml(items: Html[], separator: string): Html {
  return html`${items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]))}`;
}

/** Plain, printable, colour always paired with a word. */
export const STYLE = `
:root { --ink: #1d1d1f; --muted: #5a5a60; --rule: #d6d6da; --paper: #fff;
  --concern: #9b1c1c; --concern-bg: #fdecec; --safeguard: #1b5e35; --safeguard-bg: #e8f4ec;
  --neutral: #4a4a50; --neutral-bg: #f0f0f2; --mixed: #7a4b00; --mixed-bg: #fdf3e1; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; color: var(--ink); background: var(--paper);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .25rem; padding-top: 1rem; border-top: 3px solid var(--ink); overflow-wrap: anywhere; }
h3 { font-size: 1.1rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
.byline, .facts, .source, .intro, .none { color: var(--muted); margin: .25rem 0 1rem; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--rule); }
thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 2px solid var(--rule); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.where, .links a { white-space: nowrap; }
tbody th[scope="row"] { min-width: 10rem; }
td.words { font-family: Georgia, "Times New Roman", serif; }
a { color: #1a4f8b; }
code { font-size: .9em; }
.label { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; border: 1px solid currentColor;
  font-size: .78rem; font-weight: 600; letter-spacing: .02em; text-transform: uppercase; white-space: nowrap; }
.stance-concern.label, .status-concern, .profile-fails, .label.error { color: var(--concern); background: var(--concern-bg); }
.stance-safeguard.label, .status-safeguard, .profile-meets { color: var(--safeguard); background: var(--safeguard-bg); }
.stance-neutral.label, .status-silent, .profile-unknown { color: var(--neutral); background: var(--neutral-bg); }
.status-mixed { color: var(--mixed); background: var(--mixed-bg); }
.callout { border-left: 4px solid var(--mixed); background: var(--mixed-bg); padding: .75rem 1rem; margin: 1rem 0; }
.callout h3 { margin: 0 0 .5rem; border: 0; padding: 0; }
.callout ul { margin: 0; padding-left: 1.25rem; }
.callout.error { border-left-color: var(--concern); background: var(--concern-bg); }
.clause { margin: 1.5rem 0; padding: 1rem 1.25rem; border: 1px solid var(--rule); border-radius: .4rem; }
.clause header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .35rem .75rem; }
.cite { font-size: 1.2rem; font-weight: 700; }
.page { font-weight: 600; color: var(--muted); }
.heading { flex-basis: 100%; color: var(--muted); font-size: .9rem; text-transform: none; }
blockquote { margin: .75rem 0; padding: .25rem 0 .25rem 1rem; border-left: 3px solid var(--rule);
  font-family: Georgia, "Times New Roman", serif; font-size: 1.02rem; line-height: 1.6; white-space: pre-line; overflow-wrap: anywhere; }
mark { background: #fff1a8; color: inherit; padding: 0 .1em; }
.caveat { font-size: .9rem; color: var(--mixed); margin: .25rem 0; }
.caveat::before { content: "Note: "; font-weight: 600; }
ul.findings { list-style: none; margin: .75rem 0 0; padding: 0; }
.finding { border-left: 4px solid var(--rule); padding: .25rem 0 .25rem .9rem; margin: .75rem 0; }
.finding.stance-concern { border-left-color: var(--concern); }
.finding.stance-safeguard { border-left-color: var(--safeguard); }
.finding p { margin: .2rem 0; }
.severity, .topic, .reason, .rule { color: var(--muted); font-size: .9rem; }
.term { font-weight: 600; }
.contents ol { padding-left: 1.5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  .contents { display: none; }
  .contract + .contract { break-before: page; }
  h3 { break-after: avoid; }
  .clause, .finding, tr, .callout { break-inside: avoid; }
  .label, mark, .callout { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
