/**
 * archiver's zip writer. The installed archiver (7) is CommonJS and exports one factory function,
 * while its type package describes the class-based API of archiver 8; this adapts the one to the
 * other's types.
 */
import { createRequire } from 'node:module';
import type { Archiver, CoreOptions, TransformOptions, ZipOptions } from 'archiver';

export type { Archiver };

const factory = createRequire(import.meta.url)('archiver') as (format: 'zip', options?: CoreOptions & TransformOptions & ZipOptions) => Archiver;

/** A zip stream; `store` keeps entries uncompressed (evidence is PDF, Office or images: compressed already). */
export function zipWriter(options: CoreOptions & TransformOptions & ZipOptions = { store: true }): Archiver {
  return factory('zip', options);
}
