// The embeddable card of an entry as other sites include it: an iframe of /embed/<slug> sized
// within the limits a consumer gives (oEmbed's maxwidth/maxheight, GraphQL's Entry.embed).
import { badUserInput, type ArgumentPath } from '../errors';
import type { EntryRow } from '../services/types';
import { escapeHtml } from './html';

/** The card's natural size, in CSS pixels; it reflows when given less. */
export const CARD_SIZE = { width: 480, height: 400 } as const;
/** Limits accepted for maxwidth/maxheight. */
export const MIN_EMBED_SIZE = 120;
export const MAX_EMBED_SIZE = 4000;

export interface Embed {
  html: string;
  width: number;
  height: number;
  /** Where the card is served. */
  src: string;
}

export interface EmbedLimits {
  maxWidth?: number | null;
  maxHeight?: number | null;
}

/** The card's URL. */
export function cardUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/embed/${encodeURIComponent(slug)}`;
}

function checkLimit(value: number | null | undefined, path: ArgumentPath): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < MIN_EMBED_SIZE || value > MAX_EMBED_SIZE) {
    throw badUserInput(
      `\`${path.join('.')}\` must be an integer from ${MIN_EMBED_SIZE} to ${MAX_EMBED_SIZE} (pixels); got ${value}.`,
      path,
    );
  }
  return value;
}

/** The iframe that embeds the entry's card, no larger than the limits. */
export function embedFor(
  publicUrl: string,
  entry: Pick<EntryRow, 'slug' | 'title'>,
  limits: EmbedLimits,
  names: { maxWidth: string; maxHeight: string } = { maxWidth: 'maxWidth', maxHeight: 'maxHeight' },
): Embed {
  const maxWidth = checkLimit(limits.maxWidth, [names.maxWidth]);
  const maxHeight = checkLimit(limits.maxHeight, [names.maxHeight]);
  const width = Math.min(CARD_SIZE.width, maxWidth ?? CARD_SIZE.width);
  const height = Math.min(CARD_SIZE.height, maxHeight ?? CARD_SIZE.height);
  const src = cardUrl(publicUrl, entry.slug);
  const html =
    `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" ` +
    `title="${escapeHtml(`${entry.title} (design-kb)`)}" loading="lazy" referrerpolicy="strict-origin" ` +
    `style="border:1px solid #d0d7de;border-radius:6px;max-width:100%"></iframe>`;
  return { html, width, height, src };
}
