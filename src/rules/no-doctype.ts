import { defineRule } from './define.js';
import { receiverGuidance, xml } from './citations.js';

export default defineRule({
  id: 'no-doctype',
  meta: {
    description: 'The document must not have a DOCTYPE or entity declarations.',
    tier: 'security',
    citations: [
      receiverGuidance('XML bombs ("billion laughs") and external entity retrieval'),
      { text: 'draft-svg-tiny-ps-abrotman §3.1 (self-contained documents)', url: 'https://datatracker.ietf.org/doc/draft-svg-tiny-ps-abrotman/' },
      xml('2.8 Prolog and Document Type Declaration'),
    ],
    rationale:
      'A DOCTYPE can name an external DTD that parsers download (jing does, and hangs without network), and entity declarations can expand exponentially (the "billion laughs" attack). Receivers are advised to defend against both, so a logo that relies on them may be rejected. bimi-svg never expands entities or fetches DTDs; it refuses them and still checks the rest of the document.',
    howToFix:
      'Delete the <!DOCTYPE …> line (Illustrator adds one for SVG 1.1). If entities are used (Illustrator writes xmlns="&ns_svg;"), replace each reference with its value first: `bimi-svg convert` does both.',
    messages: {
      external: 'DOCTYPE with an external DTD ({{systemId}}): remove it; bimi-svg never fetches DTDs, and receivers may refuse documents that name one.',
      internal: 'DOCTYPE with an internal subset: remove it; entity declarations can be abused to exhaust memory and are refused.',
      plain: 'DOCTYPE declaration: remove it; SVG Tiny PS documents need none.',
      entity: 'Entity declaration <!ENTITY {{name}} …>: refused (not expanded).',
      reference: 'The entity &{{name}}; is declared in the refused DOCTYPE and is not expanded; replace it with its text.',
    },
  },
  create(context) {
    return {
      source(info) {
        const scan = info.scan;
        if (!scan) return;
        if (scan.doctype) {
          const d = scan.doctype;
          const at = info.position(d.offset);
          if (d.systemId !== null) context.report({ node: at, messageId: 'external', data: { systemId: d.systemId } });
          else if (d.hasInternalSubset) context.report({ node: at, messageId: 'internal' });
          else context.report({ node: at, messageId: 'plain' });
        }
        for (const e of scan.entityDeclarations) {
          // Read the name from the source: the scan leaves it empty for a declaration
          // outside a DOCTYPE, and drops the "%" of a parameter entity.
          const m = info.text ? /^<!ENTITY\s+(%\s+)?([^\s"'%>]+)/.exec(info.text.slice(e.offset, e.offset + 200)) : null;
          const name = m ? `${m[1] ? '% ' : ''}${m[2]}` : e.name || '?';
          context.report({ node: info.position(e.offset), messageId: 'entity', data: { name } });
        }
        for (const r of scan.declaredEntityReferences) {
          context.report({ node: info.position(r.offset), messageId: 'reference', data: { name: r.name } });
        }
      },
    };
  },
});
