// Markdown to HTML for pages and cards: markdown-it with raw HTML off, so content can never
// inject markup or script; links are made from bare URLs, and only http(s) and mailto links are kept.
import MarkdownIt from 'markdown-it';
import { referenceAnchor } from '../services/markdown';
import { trustedHtml, type Html } from './html';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const validateLink = md.validateLink.bind(md);
md.validateLink = (url) => validateLink(url) && /^(https?:|mailto:|\/|#)/i.test(url.trim());

/**
 * The Markdown renderings (services/markdown.ts) keep line breaks inside table cells as `<br>`;
 * with raw HTML off that would show as text, so in table cells the literal `<br>` becomes a
 * hard break token (markdown-it's own; no raw HTML passes).
 */
md.core.ruler.push('table_cell_breaks', (state) => {
  let inCell = false;
  for (const token of state.tokens) {
    if (token.type === 'td_open' || token.type === 'th_open') inCell = true;
    else if (token.type === 'td_close' || token.type === 'th_close') inCell = false;
    else if (inCell && token.type === 'inline' && token.children) {
      token.children = token.children.flatMap((child) => {
        if (child.type !== 'text' || !child.content.includes('<br>')) return [child];
        return child.content.split('<br>').flatMap((part, i) => {
          const text = new state.Token('text', '', 0);
          text.content = part;
          return i === 0 ? [text] : [new state.Token('hardbreak', 'br', 0), text];
        });
      });
    }
  }
});

/**
 * The items of the ordered list under a `References` heading get ids `ref-<n>`, so citation
 * markers (`[n]`, linked to `#ref-n` in the reader rendering) have somewhere to point.
 */
md.core.ruler.push('reference_anchors', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i + 3 < tokens.length; i += 1) {
    const heading = tokens[i];
    if (heading?.type !== 'heading_open' || tokens[i + 1]?.content !== 'References') continue;
    const list = tokens[i + 3];
    if (list?.type !== 'ordered_list_open') continue;
    let n = Number(list.attrGet('start') ?? 1);
    for (let j = i + 4; j < tokens.length && tokens[j]?.type !== 'ordered_list_close'; j += 1) {
      const item = tokens[j];
      if (item?.type === 'list_item_open' && item.level === list.level + 1) {
        item.attrSet('id', referenceAnchor(n));
        n += 1;
      }
    }
  }
});

/** Markdown rendered to safe HTML. */
export function markdownToHtml(markdown: string): Html {
  return trustedHtml(md.render(markdown));
}

/** One line of Markdown (no paragraph around it). */
export function inlineMarkdownToHtml(markdown: string): Html {
  return trustedHtml(md.renderInline(markdown));
}
