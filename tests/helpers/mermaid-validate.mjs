/**
 * Parses Mermaid texts with Mermaid's own parser and says what it read.
 *
 * stdin: a JSON array of texts. stdout: a JSON array, one result per text:
 *   { ok: true, type, vertices: [{ id, text, type, classes }], edges: [{ start, end, text }],
 *     classes: [name…] }
 *   { ok: false, error }
 * Texts come back decoded (Mermaid's `#quot;` entities read as the characters they stand for), so a
 * test can check that a label survives the trip.
 *
 * Run by tests/unit/mermaid.test.ts in a child process: mermaid is ESM-only and jest runs CommonJS.
 * `mermaid.parse` works in node but for DOMPurify, which has no window there and so lacks
 * `addHook` and `sanitize`; Mermaid only uses them to sanitize label HTML for rendering, so they are
 * stubbed with the identity before mermaid is loaded. The grammar and the flowchart database are
 * Mermaid's own.
 */
import DOMPurify from 'dompurify';

DOMPurify.addHook ??= () => {};
DOMPurify.sanitize ??= (s) => s;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const NAMED = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', apos: "'" };

/** Mermaid's placeholders for `#…;` entities, back to the characters. */
function decode(text) {
  return String(text ?? '')
    .replace(/ﬂ°°(\d+)¶ß/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/ﬂ°(\w+)¶ß/g, (m, name) => NAMED[name] ?? m);
}

async function read() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const results = [];
for (const text of await read()) {
  try {
    const parsed = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    results.push({
      ok: true,
      type: parsed.diagramType,
      vertices: [...db.getVertices().values()].map((v) => ({
        id: v.id,
        text: decode(v.text),
        type: v.type,
        classes: v.classes,
      })),
      edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: decode(e.text) })),
      classes: [...db.getClasses().keys()],
    });
  } catch (err) {
    results.push({ ok: false, error: String(err?.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(results));
