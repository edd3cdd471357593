/** The dossier as an A4 PDF in the standard Helvetica. */
import type PDFKitDocument from 'pdfkit';
import { clean } from './markdown.js';
import { picturePng } from './picture.js';
import { dossierText, type Dossier } from './writer.js';

/** Characters beyond Latin-1 that the standard fonts' WinAnsi encoding has. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const winAnsiOk = (ch: string) => {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n';
};

/**
 * Text the standard Helvetica can show: Dutch letters (é, ë, ï, ĳ as ij) stay; other letters lose
 * their accent (ő → o); anything else becomes "?" rather than a broken glyph.
 */
function forPdf(text: string): string {
  let out = '';
  for (const ch of clean(text)) {
    if (winAnsiOk(ch)) {
      out += ch;
      continue;
    }
    const base = [...ch.normalize('NFKD')].filter((c) => winAnsiOk(c)).join('');
    out += base !== '' ? base : '?';
  }
  return out;
}

const MARGIN = 56;
/** The tallest a picture is drawn, in points (the afwegingskader fits about two thirds of a page). */
const PICTURE_MAX_HEIGHT = 520;

/** A picture under the current section, scaled to the text width; on a new page when the rest of this one is too short. */
function drawPicture(doc: PDFKit.PDFDocument, pic: { png: Buffer; width: number; height: number }, width: number, bottom: number): void {
  const scale = Math.min(width / pic.width, PICTURE_MAX_HEIGHT / pic.height);
  const [w, h] = [pic.width * scale, pic.height * scale];
  doc.moveDown(0.5);
  if (doc.y + h > bottom) doc.addPage();
  const y = doc.y;
  doc.image(pic.png, MARGIN + (width - w) / 2, y, { width: w, height: h });
  doc.y = y + h + 6;
}

/** The dossier as an A4 PDF in Helvetica, with page numbers. */
export async function dossierPdf(d: Dossier): Promise<Buffer> {
  // pdfkit is loaded on the first export only: most turns never need it, so it stays out of memory.
  const PDFDocument: typeof PDFKitDocument = (await import('pdfkit')).default;
  const png = await picturePng(d.picture);
  return new Promise<Buffer>((resolve, reject) => {
    const created = d.generatedAt && !Number.isNaN(Date.parse(d.generatedAt)) ? new Date(d.generatedAt) : new Date(0);
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      font: 'Helvetica',
      lang: d.lang === 'en' ? 'en-GB' : 'nl-NL',
      info: { Title: forPdf(d.title), Creator: 'Meldcode-assistent', Producer: 'Meldcode-assistent', CreationDate: created, ModDate: created },
    } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    try {
      const width = doc.page.width - MARGIN * 2;
      const bottom = () => doc.page.height - doc.page.margins.bottom;

      doc.font('Helvetica-Bold').fontSize(16).text(forPdf(d.title), MARGIN, MARGIN, { width });
      doc.moveDown(0.5);

      for (const [index, s] of d.sections.entries()) {
        doc.font('Helvetica-Bold').fontSize(12);
        // Keep a heading together with at least its first line.
        if (doc.y + doc.currentLineHeight(true) * 3 > bottom()) doc.addPage();
        doc.moveDown(0.6);
        doc.text(forPdf(s.heading), MARGIN, doc.y, { width });
        doc.moveDown(0.2);
        doc.font('Helvetica').fontSize(10);
        for (const line of s.lines) {
          const text = forPdf(line);
          if (doc.y + doc.currentLineHeight(true) > bottom()) doc.addPage();
          const y = doc.y;
          doc.text('•', MARGIN, y, { width: 10, lineBreak: false });
          doc.text(text, MARGIN + 12, y, { width: width - 12, paragraphGap: 3 });
        }
        if (png && d.picture?.section === index) drawPicture(doc, png, width, bottom());
      }

      const range = doc.bufferedPageRange();
      const total = range.count;
            for (let i = range.start; i < range.start + total; i++) {
        doc.switchToPage(i);
        // The footer sits in the bottom margin: without this, pdfkit would start a new page for it.
        const margin = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font('Helvetica')
          .fontSize(8)
          .text(dossierText(d.lang ?? 'nl', 'pdf.page', { n: String(i - range.start + 1), total: String(total) }), MARGIN, doc.page.height - MARGIN / 2 - 4, {
            width,
            align: 'center',
            lineBreak: false,
          });
        doc.page.margins.bottom = margin;
      }
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
