/**
 * Elements and attributes that a specific rule reports, so that the generic
 * schema rules stay quiet about them while that rule is enabled: one finding per
 * fault, from the rule that explains it best.
 */
import { dict } from '../dict.js';
import type { Element } from '@xmldom/xmldom';
import { SVG_NS } from '../profile/schema.js';

const SVG_ELEMENT_OWNERS: Readonly<Record<string, string>> = dict({
  script: 'no-script',
  handler: 'no-script',
  listener: 'no-script',
  animate: 'no-animation',
  set: 'no-animation',
  animateMotion: 'no-animation',
  animateColor: 'no-animation',
  animateTransform: 'no-animation',
  discard: 'no-animation',
  mpath: 'no-animation',
  image: 'no-image',
  a: 'no-link',
  switch: 'no-switch',
  audio: 'no-multimedia',
  video: 'no-multimedia',
  animation: 'no-multimedia',
});

const SCRIPT_ELEMENTS = new Set(['script', 'handler', 'listener']);

/** The rule that owns this element, if any. Scripts are owned in every namespace. */
export function elementOwner(el: Element): string | undefined {
  if (SCRIPT_ELEMENTS.has((el.localName ?? ''))) return 'no-script';
  if (el.namespaceURI !== SVG_NS) return undefined;
  return Object.prototype.hasOwnProperty.call(SVG_ELEMENT_OWNERS, (el.localName ?? '')) ? SVG_ELEMENT_OWNERS[(el.localName ?? '')] : undefined;
}

/** Event-handler attributes (onclick, onload …) in no namespace. */
export function isEventAttribute(name: string, namespaceURI: string | null): boolean {
  return !namespaceURI && /^on[a-z]/i.test(name);
}
