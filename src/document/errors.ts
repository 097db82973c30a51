/**
 * Errors a user can cause (a missing file, a corrupt PDF, a broken rule file) are values with one clear line:
 * what is wrong and what to do. Anything else that escapes is a bug, and the CLI says so.
 */

export type ErrorCode =
  | 'not-found'
  | 'is-directory'
  | 'unreadable'
  | 'unsupported-format'
  | 'too-large'
  | 'corrupt'
  | 'encrypted'
  | 'empty'
  | 'needs-ocr'
  | 'cancelled'
  | 'zip-bomb'
  | 'bad-rule'
  | 'bad-input'
  | 'bad-profile'
  | 'bad-usage';

export class ClausewatchError extends Error {
  override readonly name = 'ClausewatchError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isClausewatchError(e: unknown): e is ClausewatchError {
  return e instanceof ClausewatchError;
}

/** Exit codes: 0 fine, 1 findings at or above --fail-on, 2 bad input or usage, 3 internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3 } as const;
