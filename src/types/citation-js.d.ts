// Types for the parts of citation-js the project uses (the packages ship none).
declare module '@citation-js/core' {
  /** A CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
  export interface CslItem {
    id: string;
    type: string;
    title?: string;
    author?: { family?: string; given?: string; literal?: string }[];
    issued?: { 'date-parts': number[][] };
    [field: string]: unknown;
  }
  export class Cite {
    constructor(data: unknown);
    data: CslItem[];
    format(format: string, options?: Record<string, unknown>): string;
  }
  export const plugins: {
    config: {
      get(plugin: '@csl'): { styles: { add(name: string, style: string): void; has(name: string): boolean } };
      get(plugin: '@bibtex'): { format: { useIdAsLabel: boolean } };
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/name' {
  export function parse(name: string): {
    family?: string;
    given?: string;
    suffix?: string;
    'non-dropping-particle'?: string;
    'dropping-particle'?: string;
  };
}
