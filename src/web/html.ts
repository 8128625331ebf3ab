// A small typed HTML renderer: `html` is a tagged template whose interpolations are escaped unless
// they are already Html (another template, or Markdown rendered with raw HTML off). One escape
// function; nothing else produces markup from content.
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Markup that is safe to send: built by `html` or `trustedHtml`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), numbers, Html, lists of those; nothing for null. */
export type Interpolation = string | number | Html | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: every interpolation is escaped unless it is Html. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/**
 * Markup produced by a renderer that escapes on its own (markdown-it with `html: false`, Vega's
 * SVG renderer, JSON-LD serialized by `jsonForScript`). Never pass content to it.
 */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so it cannot close the tag. */
export function jsonForScript(value: unknown): Html {
  return new Html(
    JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'),
  );
}
