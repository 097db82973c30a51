/** Bounds that keep a hostile or huge file from exhausting memory or time. All are configurable. */
export interface ReadLimits {
  /** Largest input file accepted, in bytes. */
  maxFileBytes: number;
  /** Largest total a DOCX may unzip to, in bytes (zip-bomb guard). */
  maxUnzippedBytes: number;
  /** Most entries a DOCX zip may hold. */
  maxZipEntries: number;
  /** Most pages read from a PDF. */
  maxPages: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxUnzippedBytes: 300 * 1024 * 1024,
  maxZipEntries: 5_000,
  maxPages: 5_000,
};

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
