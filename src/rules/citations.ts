/** The sources rules cite, in one place so that wording and links stay consistent. */
import type { Citation } from '../types.js';

const DRAFT_URL = 'https://datatracker.ietf.org/doc/draft-svg-tiny-ps-abrotman/';
const TINY_URL = 'https://www.w3.org/TR/SVGTiny12/';

/** draft-svg-tiny-ps-abrotman (the Tiny PS profile), by section. */
export const draft = (section: string, label?: string): Citation => ({
  text: `draft-svg-tiny-ps-abrotman §${section}${label ? ` (${label})` : ''}`,
  url: DRAFT_URL,
});

/** The official RELAX NG schema (draft §7; BIMI Group SVG_PS-latest.rnc). */
export const schema = (what: string): Citation => ({
  text: `Tiny PS RNC (draft §7): ${what}`,
  url: 'https://bimigroup.org/resources/SVG_PS-latest.rnc.txt',
});

/** W3C SVG Tiny 1.2 Recommendation, by section. */
export const tiny = (section: string, page: string, anchor = ''): Citation => ({
  text: `SVG Tiny 1.2 §${section}`,
  url: `${TINY_URL}${page}.html${anchor ? `#${anchor}` : ''}`,
});

export const xml = (section: string): Citation => ({
  text: `XML 1.0 §${section}`,
  url: 'https://www.w3.org/TR/xml/',
});

export const xmlNames: Citation = {
  text: 'Namespaces in XML 1.0',
  url: 'https://www.w3.org/TR/xml-names/',
};

export const receiverGuidance = (what: string): Citation => ({
  text: `BIMI Receiver Guidance (draft-brotman-ietf-bimi-guidance): ${what}`,
  url: 'https://datatracker.ietf.org/doc/draft-brotman-ietf-bimi-guidance/',
});

export const bimiGroup = (what: string): Citation => ({
  text: `BIMI Group, Creating BIMI SVG Logo Files: ${what}`,
  url: 'https://bimigroup.org/creating-bimi-svg-logo-files/',
});

export const gmail = (what: string): Citation => ({
  text: `Google Workspace BIMI logo requirements: ${what}`,
  url: 'https://support.google.com/a/answer/10911432',
});
