import type { Element } from '@xmldom/xmldom';
import type { ConvertContext, Pass } from '../context.js';
import { attributes, elements, isSvgElement, SVG_NS, unwrap, XLINK_NS } from '../dom.js';
import { attached, Remover } from './hidden.js';
import { isIdAttribute } from './ids.js';

/** Children a <switch> chooses among (SVG 1.1 §5.8.2); other children (definitions) are not candidates. */
const RENDERED = new Set(['g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'textArea', 'image', 'use', 'svg', 'switch', 'a', 'foreignObject']);

/** Extensions browsers support in requiredExtensions (Blink and Gecko: HTML and MathML in foreignObject). */
const SUPPORTED_EXTENSIONS = new Set(['http://www.w3.org/1999/xhtml', 'http://www.w3.org/1998/Math/MathML']);

/**
 * The language the converter assumes for systemLanguage. A BIMI logo is shown to
 * everyone, and Tiny PS has no <switch>, so one branch must be chosen; English is
 * the most common receiver language. The choice is reported as lossy.
 */
const LANGUAGE = 'en';

/** Attributes that only make sense on a link. */
function isLinkAttribute(name: string, ns: string | null): boolean {
  return ns === XLINK_NS || ['href', 'target', 'download', 'ping', 'rel', 'rev', 'hreflang', 'type', 'referrerpolicy', 'role'].includes(name);
}

/**
 * requiredExtensions as browsers evaluate it: true when absent or empty (Blink and
 * librsvg; the spec says false for empty), else only if every extension is one they
 * implement.
 */
function extensionsPass(el: Element): boolean {
  const v = el.getAttribute('requiredExtensions');
  if (v === null) return true;
  const list = v.trim().split(/[\t\n\r ]+/).filter((x) => x !== '');
  return list.every((x) => SUPPORTED_EXTENSIONS.has(x));
}

/** systemLanguage against LANGUAGE: "en", "en-GB" … in a comma-separated list; empty matches nothing. */
function languagePasses(el: Element): boolean {
  const v = el.getAttribute('systemLanguage');
  if (v === null) return true;
  return v.split(',').some((tag) => {
    const t = tag.trim().toLowerCase();
    return t === LANGUAGE || t.startsWith(`${LANGUAGE}-`);
  });
}

/**
 * Replaces `el` (an <a> or <switch>) by its children; when it carries attributes that
 * still matter (transform, paint, opacity, a referenced id …) by a <g> with them, so
 * that what its children inherit does not change.
 */
function replaceByGroup(ctx: ConvertContext, remover: Remover, el: Element, dropped: (name: string, ns: string | null) => boolean): 'unwrapped' | 'grouped' {
  const kept = attributes(el).filter((a) => {
    const name = a.localName ?? a.name;
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:') || dropped(name, a.namespaceURI)) return false;
    // class has done its work in the styles pass; an id only matters when referenced.
    if (!a.namespaceURI && name === 'class') return false;
    if (isIdAttribute(a)) return remover.isReferenced(a.value);
    return true;
  });
  // Inside text a group is not allowed; text is refused by raster-and-text anyway.
  if (kept.length === 0 || isSvgElement(el.parentNode, 'text', 'tspan', 'textArea', 'textPath')) {
    unwrap(el);
    return 'unwrapped';
  }
  const g = ctx.doc.createElementNS(SVG_NS, 'g');
  for (const a of kept) {
    if (a.namespaceURI) g.setAttributeNS(a.namespaceURI, a.name, a.value);
    else g.setAttribute(a.name, a.value);
  }
  while (el.firstChild) g.appendChild(el.firstChild);
  el.parentNode!.replaceChild(g, el);
  return 'grouped';
}

/**
 * [E3, E4] Links and switches, which Tiny PS forbids, as what a receiver renders.
 *
 * Conditional attributes apply to every element, as in browsers: an element whose
 * requiredExtensions the receiver lacks is not rendered and is removed;
 * requiredFeatures always passes (SVG 2, Blink, Gecko) and is dropped. A <switch>
 * keeps its first candidate child whose conditions pass — Illustrator's
 * <foreignObject requiredExtensions="…AdobeIllustrator…"> fails (and is gone already),
 * its artwork <g> is kept — with systemLanguage evaluated for English (see
 * LANGUAGE). An <a> loses its link and keeps its children.
 */
const pass: Pass = {
  id: 'switch-links',
  description: 'Unwraps <a> and keeps the first renderable child of each <switch> [E3, E4].',
  run(ctx) {
    const root = ctx.root;
    const remover = new Remover(ctx);

    // Conditions outside a switch's choice: failing requiredExtensions hides the element.
    for (const el of elements(root)) {
      if (el === root || !isSvgElement(el) || isSvgElement(el.parentNode, 'switch') || extensionsPass(el) || !attached(el, root)) continue;
      remover.remove(el);
      ctx.change('switch-links', 'removed elements whose requiredExtensions receivers do not implement (they do not render)', { ruleId: 'attribute-allowed-list' });
    }

    // Switches, outermost first: a switch inside a branch that is dropped goes with it.
    for (const sw of elements(root).filter((e) => isSvgElement(e, 'switch'))) {
      if (!attached(sw, root)) continue;
      const candidates = elements(sw).filter((c) => c.parentNode === sw && isSvgElement(c, ...RENDERED));
      let chosen: Element | null = null;
      let byLanguage = false;
      for (const c of candidates) {
        if (c.hasAttribute('systemLanguage')) byLanguage = true;
        if (extensionsPass(c) && languagePasses(c)) {
          chosen = c;
          break;
        }
      }
      for (const c of candidates) if (c !== chosen) remover.remove(c);
      if (chosen) {
        // Its conditions passed; without the switch they must not be evaluated again.
        for (const name of ['requiredExtensions', 'requiredFeatures', 'systemLanguage']) chosen.removeAttribute(name);
      }
      ctx.change('switch-links', chosen ? 'kept the first child of <switch> that renders, removed the others' : 'removed a <switch> none of whose children renders', { ruleId: 'no-switch' });
      if (byLanguage) {
        ctx.change('switch-links', `chose the branch of a <switch> for systemLanguage="${LANGUAGE}": receivers in other languages may have shown another one`, { ruleId: 'no-switch', lossy: true });
      }
      replaceByGroup(ctx, remover, sw, (name) => name === 'requiredFeatures' || name === 'requiredExtensions');
    }

    // Links: the content stays, the link goes.
    for (const a of elements(root).filter((e) => isSvgElement(e, 'a'))) {
      if (!attached(a, root)) continue;
      const how = replaceByGroup(ctx, remover, a, (name, ns) => isLinkAttribute(name, ns) || name === 'requiredFeatures' || name === 'requiredExtensions');
      ctx.change('switch-links', how === 'unwrapped' ? 'unwrapped <a> links (their content stays)' : 'replaced <a> links by groups that keep their attributes', { ruleId: 'no-link' });
    }

    // requiredFeatures passes in every current renderer (SVG 2 dropped it), and a
    // requiredExtensions that passed has nothing left to say.
    for (const el of elements(root)) {
      for (const name of ['requiredFeatures', 'requiredExtensions']) {
        if (!el.hasAttribute(name)) continue;
        el.removeAttribute(name);
        ctx.change('switch-links', `removed ${name} attributes that pass in receivers`, { ruleId: 'attribute-allowed-list' });
      }
    }
  },
};
export default pass;
