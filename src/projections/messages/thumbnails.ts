import { isJsonObject } from './json-object';

/** Payload parts that may carry a base64 `jpegThumbnail` (media, link preview). */
const THUMBNAIL_HOLDERS = ['media', 'extendedText'] as const;

export interface WithoutThumbnails {
  payload: Record<string, unknown>;
  hadThumbnail: boolean;
}

/**
 * The payload without its base64 thumbnails, which would make up most of a row (a history chunk
 * with thumbnails is ~10 MiB for 500 messages). The original bytes stay in Kafka. Copies only
 * what it changes; a payload without thumbnails is returned as is.
 */
export function withoutThumbnails(payload: Record<string, unknown>): WithoutThumbnails {
  let result = payload;
  let hadThumbnail = false;
  for (const holder of THUMBNAIL_HOLDERS) {
    const part = payload[holder];
    if (!isJsonObject(part) || !('jpegThumbnail' in part)) continue;
    const { jpegThumbnail, ...rest } = part;
    hadThumbnail ||= typeof jpegThumbnail === 'string' && jpegThumbnail !== '';
    result = { ...result, [holder]: rest };
  }
  return { payload: result, hadThumbnail };
}
