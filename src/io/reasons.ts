/**
 * Why a record was rejected while reading. Every reason string starts with a stable slug
 * (what scripts grep and stats count) followed by `: ` and a human detail; the one-line message
 * users see is `FILE:LINE: slug: detail`.
 */
import { SitoError } from '../errors.js';
import type { JsonRecord, RejectedDocument, SourceRef } from '../pipeline/types.js';

export const READ_REJECT_SLUGS = [
  'malformed-json',
  'not-an-object',
  'missing-text',
  'text-not-string',
  'invalid-utf8',
  'empty-text',
  'too-large',
  'truncated-input',
] as const;

export type ReadRejectSlug = (typeof READ_REJECT_SLUGS)[number];

/** Longest raw line kept in a reject record: enough to recognise it, not a second copy of a shard. */
export const RAW_PREVIEW_CHARS = 1000;

export function makeReject(
  slug: ReadRejectSlug,
  detail: string,
  source: SourceRef,
  content: { record?: JsonRecord; raw?: string } = {},
): RejectedDocument {
  const rejected: RejectedDocument = { source, reason: `${slug}: ${detail}` };
  if (content.record !== undefined) rejected.record = content.record;
  else if (content.raw !== undefined) rejected.raw = preview(content.raw);
  return rejected;
}

/** The slug of a reason string (`malformed-json: …` → `malformed-json`). */
export function reasonSlug(reason: string): string {
  const colon = reason.indexOf(':');
  return colon < 0 ? reason : reason.slice(0, colon);
}

/** `FILE:LINE: reason`, the one-line form for logs and error messages. */
export function formatReject(rejected: RejectedDocument): string {
  return `${rejected.source.file}:${rejected.source.line}: ${rejected.reason}`;
}

/** What `strict` mode throws: same text as the reject, carried by a SitoError. */
export function rejectToError(rejected: RejectedDocument): SitoError {
  return new SitoError(rejected.reason, { file: rejected.source.file, line: rejected.source.line });
}

export function preview(text: string): string {
  return text.length <= RAW_PREVIEW_CHARS ? text : `${text.slice(0, RAW_PREVIEW_CHARS)}…`;
}

/** `12.3 MiB`-style sizes for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
