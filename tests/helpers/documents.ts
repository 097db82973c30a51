/** Documents built from plain paragraphs, for tests that need a segmented contract without a file. */
import type { Document } from '../../src/document/model.js';
import { segment } from '../../src/segment/segment.js';

export function documentOf(paragraphs: string[], file = 'test.txt'): Document {
  return segment({ format: 'text', blocks: paragraphs.map((text) => ({ kind: 'paragraph', text })), warnings: [] }, file);
}
