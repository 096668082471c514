import type { Pass } from '../context.js';
import { children, isSvgElement, remove } from '../dom.js';
import { DEFAULT_PLACEHOLDER_TITLES } from '../../rules/no-placeholder-title.js';

/**
 * [A10, A11] Leaves exactly one non-empty <title> as the first child of the root:
 * the --title given, else an existing title that is not a placeholder. A BIMI title
 * is the brand name, so it is never guessed from a file name: without one the
 * conversion is refused. Empty descriptions are removed; others follow the title.
 */
const pass: Pass = {
  id: 'title',
  description: 'Puts exactly one non-empty <title> (the brand name) first, and keeps only non-empty descriptions after it.',
  run(ctx) {
    const root = ctx.root;
    const titles = children(root).filter((c) => isSvgElement(c, 'title'));
    const existing = titles.map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim()).find((t) => t !== '' && !DEFAULT_PLACEHOLDER_TITLES.includes(t.toLowerCase()));
    const text = ctx.options.title ?? existing;
    if (!text) {
      const placeholder = titles.map((t) => (t.textContent ?? '').trim()).find((t) => t !== '');
      ctx.refuse(
        'title',
        placeholder ? 'no-placeholder-title' : 'require-title',
        placeholder
          ? `the title "${placeholder}" is a placeholder: give the brand name with --title "Brand" (it must match the name on your mark certificate)`
          : 'the logo has no title: give the brand name with --title "Brand" (a BIMI title is never guessed from the file name)',
        titles[0] ?? root,
      );
      return;
    }
    let title = titles[0]!;
    const unchanged = titles.length === 1 && title === children(root)[0] && (title.textContent ?? '') === text && title.attributes.length === 0;
    if (!unchanged) {
      title = ctx.doc.createElementNS(root.namespaceURI!, 'title');
      title.appendChild(ctx.doc.createTextNode(text));
      for (const t of titles) remove(t);
      root.insertBefore(title, root.firstChild);
      ctx.change('title', ctx.options.title ? `set the title to "${text}"` : titles.length > 1 ? 'kept one title, first' : 'moved the title first', {
        ruleId: titles.length === 0 ? 'require-title' : titles.length > 1 ? 'no-extra-title' : 'title-first',
      });
    }
    if (ctx.options.desc) {
      for (const d of children(root).filter((c) => isSvgElement(c, 'desc'))) remove(d);
      const desc = ctx.doc.createElementNS(root.namespaceURI!, 'desc');
      desc.appendChild(ctx.doc.createTextNode(ctx.options.desc));
      root.insertBefore(desc, title.nextSibling);
      ctx.change('title', 'set the description', { ruleId: 'require-desc' });
    }
    // Descriptions: non-empty ones right after the title, in their order.
    let after = title;
    for (const d of children(root).filter((c) => isSvgElement(c, 'desc'))) {
      if ((d.textContent ?? '').trim() === '') {
        remove(d);
        ctx.change('title', 'removed an empty <desc>', { ruleId: 'no-empty-desc' });
        continue;
      }
      if (after.nextSibling !== d) root.insertBefore(d, after.nextSibling);
      after = d;
    }
  },
};
export default pass;
