/**
 * Profiles: the city's policy (rules/profiles/), loaded with file:line errors and measured against contracts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText } from '../src/document/text.js';
import { analyze, builtinProtections, DEFAULT_PROFILE, loadProfile, loadRuleSet, parseProfile, type Profile, type Review } from '../src/index.js';
import { segment } from '../src/segment/segment.js';

const rules = await loadRuleSet();
const protections = await builtinProtections();
const SILENT = readFileSync('tests/fixtures/silent-camera-contract.txt', 'utf8');
const DEFAULT_YAML = readFileSync('rules/profiles/default.yaml', 'utf8');
/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const reviews = new Map<string, Review>();
async function example(name: string, profile: Profile | null = DEFAULT_PROFILE): Promise<Review> {
  const key = `${name}|${profile?.name ?? 'none'}|${profile?.maxRetention?.days ?? ''}|${profile?.facialRecognition ?? ''}`;
  let r = reviews.get(key);
  if (!r) reviews.set(key, (r = await analyze(`examples/${name}.txt`, { rules, protections, profile })));
  return r;
}

/** "status | message" lines for one requirement. */
function checks(r: Review, requirement: string): string[] {
  return r.profile!.checks.filter((c) => c.requirement === requirement).map((c) => `${c.status} | ${c.message}`);
}

describe('loading', () => {
  it('default.yaml is the built-in profile', async () => {
    const loaded = await loadProfile('rules/profiles/default.yaml');
    const { source, requireAt, ...rest } = loaded;
    expect(source).toBe('rules/profiles/default.yaml');
    expect(requireAt).toEqual([
      `rules/profiles/default.yaml:${lineOf(DEFAULT_YAML, '- legal-demand-notice')}`,
      `rules/profiles/default.yaml:${lineOf(DEFAULT_YAML, '- deletion-at-termination')}`,
    ]);
    expect({ ...rest, source: 'built-in' }).toEqual(DEFAULT_PROFILE);
  });

  it('reads periods in words or as a number of days, and "none"', () => {
    const withMax = (value: string) => parseProfile(DEFAULT_YAML.replace('max-retention: 30 days', `max-retention: ${value}`), 'p.yaml');
    expect(withMax('ninety (90) days').maxRetention).toEqual({ days: 90, text: '90 days' });
    expect(withMax('6 months').maxRetention).toEqual({ days: 180, text: '6 months' });
    expect(withMax('72 hours').maxRetention).toEqual({ days: 3, text: '72 hours' });
    expect(withMax('45').maxRetention).toEqual({ days: 45, text: '45 days' });
    expect(withMax('none').maxRetention).toBeNull();
  });

  it('reports schema mistakes as file:line: what is wrong', () => {
    const vague = DEFAULT_YAML.replace('max-retention: 30 days', 'max-retention: about a month or so');
    expect(() => parseProfile(vague, 'city.yaml')).toThrow(
      `city.yaml:${lineOf(vague, 'about a month')}: \`max-retention\` is not a period: write a period such as "30 days" or "1 year", a number of days, or none`,
    );
    const typo = DEFAULT_YAML.replace('facial-recognition: prohibited', 'facial-recognition: banned');
    expect(() => parseProfile(typo, 'city.yaml')).toThrow(`city.yaml:${lineOf(typo, 'banned')}: \`facial-recognition\` must be one of: prohibited, restricted, allowed`);
    const unknownKey = DEFAULT_YAML.replace('sharing: written-approval', 'sharing: written-approval\nshare-limit: 3');
    expect(() => parseProfile(unknownKey, 'city.yaml')).toThrow(`city.yaml:${lineOf(unknownKey, 'share-limit')}: unknown key \`share-limit\``);
    expect(() => parseProfile('profile: x\nmax-retention: [', 'city.yaml')).toThrow(/^city\.yaml:2: not valid YAML/);
    expect(() => parseProfile('- just a list', 'city.yaml')).toThrow(/^city\.yaml:1: expected a mapping/);
  });

  it('reports a required check that does not exist, at its line, when the profile is used', async () => {
    const text = DEFAULT_YAML.replace('  - deletion-at-termination', '  - deletion-at-terminaton');
    const profile = parseProfile(text, 'city.yaml');
    await expect(analyze(segment(readText(SILENT), 'x.txt'), { rules, protections, profile })).rejects.toThrow(
      new RegExp(`^city\\.yaml:${lineOf(text, 'terminaton')}: unknown check deletion-at-terminaton in require \\(known: .*deletion-at-termination`),
    );
  });

  it('checks required ids when the file is loaded, before any contract is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-profile-'));
    const file = join(dir, 'city.yaml');
    const text = DEFAULT_YAML.replace('  - legal-demand-notice', '  - subpoena-notice');
    writeFileSync(file, text);
    await expect(loadProfile(file)).rejects.toThrow(`${file}:${lineOf(text, 'subpoena-notice')}: unknown check subpoena-notice in require`);
  });

  it('says which file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-profile-'));
    await expect(loadProfile(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml: no such profile file/);
    const file = join(dir, 'tag.yaml');
    writeFileSync(file, 'profile: !!js/function "x"\n');
    await expect(loadProfile(file)).rejects.toThrow(/tag\.yaml:1: unsupported YAML tag/);
  });
});

describe('retention against the profile', () => {
  it('compares each retention clause\'s period with the maximum', async () => {
    const bodycam = checks(await example('bodycam-evidence-cloud'), 'max-retention');
    expect(bodycam).toContain('fails | § 3.2 keeps Footage 90 days; your profile allows 30 days');
    expect(bodycam).toContain('fails | § 3.5 keeps De-identified Data indefinitely; your profile allows 30 days');
    expect(bodycam).toContain('fails | § 3.6 keeps Customer Data for as long as Corvane decides; your profile allows 30 days');
    expect(bodycam.some((c) => /^fails \| "EXHIBIT A .*" keeps Footage 1 year;/.test(c))).toBe(true);
    const alpr = checks(await example('alpr-services-agreement'), 'max-retention');
    expect(alpr).toContain('meets | § 4.2 keeps Read 30 days; your profile allows 30 days');
    expect(alpr).toContain('fails | § 4.3 keeps Aggregated Data indefinitely; your profile allows 30 days');
  });

  it('says unknown where the clause keeps data but states no period', async () => {
    const alpr = checks(await example('alpr-services-agreement'), 'max-retention');
    expect(alpr).toContain('unknown | § 4.4 keeps Customer Data with no stated period; your profile allows 30 days');
    const silent = await analyze(segment(readText(SILENT), 'x.txt'), { rules, protections });
    expect(checks(silent, 'max-retention')).toEqual(['unknown | The contract states no retention period for the data; your profile allows 30 days']);
  });

  it('reads relative periods: what they add is a lower bound', async () => {
    const mou = checks(await example('video-analytics-pilot-mou'), 'max-retention');
    expect(mou).toContain('fails | Article V § 2 keeps video for the duration of the Pilot plus 90 days; your profile allows 30 days');
    expect(mou).toContain('meets | Article V § 1 keeps Footage 72 hours; your profile allows 30 days');
  });

  it('leaves audit logs, books and records, legal holds and the end of the contract out', async () => {
    const cited = (r: Review) => r.profile!.checks.filter((c) => c.requirement === 'max-retention').map((c) => c.clause?.section);
    const alpr = cited(await example('alpr-services-agreement'));
    expect(alpr).not.toContain('3.4'); // audit logs: term plus seven years
    expect(alpr).not.toContain('4.5'); // legal hold
    expect(alpr).not.toContain('8.5(b)'); // deletion within 60 days after termination
    const bodycam = cited(await example('bodycam-evidence-cloud'));
    expect(bodycam).not.toContain('3.7'); // audit trail
    expect(bodycam).not.toContain('6.4'); // books and records
  });

  it('follows the profile\'s own maximum', async () => {
    const lenient = { ...DEFAULT_PROFILE, name: 'lenient', maxRetention: { days: 365, text: '1 year' } };
    const bodycam = checks(await example('bodycam-evidence-cloud', lenient), 'max-retention');
    expect(bodycam).toContain('meets | § 3.2 keeps Footage 90 days; your profile allows 1 year');
    expect(bodycam.some((c) => /^meets \| "EXHIBIT A .*" keeps Footage 1 year;/.test(c))).toBe(true);
    const unlimited = { ...DEFAULT_PROFILE, name: 'unlimited', maxRetention: null };
    expect(checks(await example('bodycam-evidence-cloud', unlimited), 'max-retention')).toEqual([]);
  });
});

describe('the other requirements', () => {
  it('facial recognition: the ALPR agreement bans it; the bodycam agreement detects faces', async () => {
    expect(checks(await example('alpr-services-agreement'), 'facial-recognition')).toEqual([
      'meets | § 2.3 restricts it ("apply facial recognition") and no clause allows it; your profile prohibits facial recognition',
    ]);
    const bodycam = checks(await example('bodycam-evidence-cloud'), 'facial-recognition');
    expect(bodycam.some((c) => c.startsWith('fails | § 2.6: ') && c.endsWith('your profile prohibits facial recognition'))).toBe(true);
    const allowed = { ...DEFAULT_PROFILE, name: 'fr-allowed', facialRecognition: 'allowed' as const };
    expect(checks(await example('bodycam-evidence-cloud', allowed), 'facial-recognition')).toEqual([]);
  });

  it('facial recognition "restricted": allowed where the contract also restricts it', async () => {
    const restricted = { ...DEFAULT_PROFILE, name: 'fr-restricted', facialRecognition: 'restricted' as const };
    const mou = checks(await example('video-analytics-pilot-mou', restricted), 'facial-recognition');
    expect(mou).toHaveLength(1);
    expect(mou[0]).toMatch(/^meets \| Facial recognition is allowed \(Article .*\) and restricted/);
    const silent = await analyze(segment(readText(SILENT), 'x.txt'), { rules, protections, profile: restricted });
    expect(checks(silent, 'facial-recognition')[0]).toMatch(/^fails \| § 3: .*, and nothing restricts it;/);
  });

  it('sharing without written approval fails, clause by clause', async () => {
    const silent = await analyze(segment(readText(SILENT), 'x.txt'), { rules, protections });
    const sharing = checks(silent, 'sharing');
    expect(sharing.map((c) => c.split(':')[0])).toEqual(['fails | § 2', 'fails | § 4']);
    expect(sharing[0]).toMatch(/your profile allows sharing outside the agency only with its written approval$/);
  });

  it('required protections: met with the clause that provides them, failed without', async () => {
    const alpr = await example('alpr-services-agreement');
    const notice = alpr.profile!.checks.find((c) => c.requirement === 'legal-demand-notice')!;
    expect(notice.status).toBe('meets');
    expect(notice.clause?.section).toBe('5.5');
    const bodycam = checks(await example('bodycam-evidence-cloud'), 'legal-demand-notice');
    expect(bodycam).toEqual([
      "fails | No clause provides notice to the City before the vendor answers a subpoena or other legal demand for the City's data; your profile requires it",
    ]);
    const silent = await analyze(segment(readText(SILENT), 'x.txt'), { rules, protections });
    expect(checks(silent, 'deletion-at-termination')[0]).toMatch(/^fails \| No clause provides deletion or return/);
  });

  it('names the profile and where it came from', async () => {
    const r = await example('alpr-services-agreement');
    expect(r.profile).toMatchObject({ name: DEFAULT_PROFILE.title, source: 'built-in' });
    expect(r.profile!.checks.every((c) => ['meets', 'fails', 'unknown'].includes(c.status))).toBe(true);
  });
});
