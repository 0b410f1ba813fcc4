/** Streaming corpus I/O: readers, writers, reject sink, interrupt cleanup. */
export {
  readDocuments,
  readLines,
  ReadProgress,
  DEFAULT_MAX_DOCUMENT_BYTES,
  type DocumentReader,
  type LineReader,
  type RawLine,
  type RawReadEvent,
  type InputFormat,
  type ReadEvent,
  type ReadOptions,
  type TextUnit,
} from './reader.js';
export type { ReadDocument } from './records.js';
export { getField } from './records.js';
export { serializerFor, taggedLine, rejectLine, appendKey, type LineFormat } from './serialize.js';
export { resolveInputs, STDIN, type ResolvedInput } from './inputs.js';
export { detectCompression, compressionFromPath, type Compression } from './compression.js';
export { openRecordWriter, isSpecialFile, OutputClosedError, type OutputFormat, type RecordWriter, type TaggableDocument, type WriterOptions } from './writer.js';
export { WriterSet, type WriterSetOptions } from './writer-set.js';
export { RejectSink, openRejectSink } from './reject-sink.js';
export { onInterrupt, abortOpenWriters, openWriterCount, type InterruptOptions, type InterruptSignal } from './open-writers.js';
export {
  READ_REJECT_SLUGS,
  formatReject,
  reasonSlug,
  rejectToError,
  type ReadRejectSlug,
} from './reasons.js';
