/**
 * The dossier as an A4 PDF in DejaVu Sans, embedded (a subset of the glyphs used): any letter of Latin,
 * Greek or Cyrillic script shows as typed. A tagged PDF (structure: H1 for the title, H2 per section, a
 * list item per line; page numbers and bullets as artifacts), with its language and its title shown in
 * the window, so a screen reader reads it in order.
 */
import { fontFiles } from '../../../cards/pictures/render.js';
import { pdfFile } from '../pdfFile.js';
import { clean } from './markdown.js';
import { picturePng } from './picture.js';
import { dossierText, type Dossier } from './writer.js';

/** Whether the current font has a glyph for a code point: pdfkit's embedded font wraps a fontkit font. */
type GlyphCheck = (codePoint: number) => boolean;
function glyphCheck(doc: PDFKit.PDFDocument): GlyphCheck {
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  const has = font?.hasGlyphForCodePoint?.bind(font);
  return has ?? (() => true);
}

/**
 * Text the embedded font can show: everything it has a glyph for stays; a letter it lacks loses its
 * accent if that helps; anything else becomes "?" rather than an empty box.
 */
function forPdf(text: string, has: GlyphCheck): string {
  let out = '';
  for (const ch of clean(text)) {
    const ok = (c: string) => c === '\n' || has(c.codePointAt(0) ?? 0);
    if (ok(ch)) {
      out += ch;
      continue;
    }
    const base = [...ch.normalize('NFKD')].filter(ok).join('');
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

/** The dossier as an A4 PDF in DejaVu Sans, tagged, with page numbers. */
export async function dossierPdf(d: Dossier): Promise<Buffer> {
  const png = await picturePng(d.picture);
  const created = d.generatedAt && !Number.isNaN(Date.parse(d.generatedAt)) ? new Date(d.generatedAt) : new Date(0);
  const fonts = fontFiles();
  const more = {
    bufferPages: true,
    font: fonts.regular,
    // Tagged: a structure tree (MarkInfo, StructTreeRoot) that assistive technology reads.
    tagged: true,
    pdfVersion: '1.7',
    displayTitle: true,
  } as Partial<PDFKit.PDFDocumentOptions>;
  return pdfFile({ lang: d.lang, title: clean(d.title), created, margin: MARGIN, more }, (doc) => {
    const width = doc.page.width - MARGIN * 2;
    const bottom = () => doc.page.height - doc.page.margins.bottom;

    doc.registerFont('Body', fonts.regular);
    doc.registerFont('Bold', fonts.bold);
    const body = (size: number) => glyphCheck(doc.font('Body').fontSize(size));
    const bold = (size: number) => glyphCheck(doc.font('Bold').fontSize(size));
    const root = doc.struct('Document');
    doc.addStructure(root);
    const title = forPdf(d.title, bold(16));
    root.add(doc.struct('H1', {}, () => doc.text(title, MARGIN, MARGIN, { width })));
    doc.moveDown(0.5);

    for (const [index, s] of d.sections.entries()) {
      const sect = doc.struct('Sect');
      root.add(sect);
      const heading = forPdf(s.heading, bold(12));
      // Keep a heading together with at least its first line.
      if (doc.y + doc.currentLineHeight(true) * 3 > bottom()) doc.addPage();
      doc.moveDown(0.6);
      sect.add(doc.struct('H2', {}, () => doc.text(heading, MARGIN, doc.y, { width })));
      doc.moveDown(0.2);
      const has = body(10);
      const list = doc.struct('L');
      sect.add(list);
      for (const line of s.lines) {
        const text = forPdf(line, has);
        if (doc.y + doc.currentLineHeight(true) > bottom()) doc.addPage();
        const y = doc.y;
        // The bullet is decoration: a screen reader announces the list item itself.
        doc.markContent('Artifact');
        doc.text('•', MARGIN, y, { width: 10, lineBreak: false });
        doc.endMarkedContent();
        const item = doc.struct('LI');
        list.add(item);
        item.add(doc.struct('LBody', {}, () => doc.text(text, MARGIN + 12, y, { width: width - 12, paragraphGap: 3 })));
        item.end();
      }
      list.end();
      // The afwegingskader drawn under its section: a Figure with its text alternative.
      if (png && d.picture?.section === index) sect.add(doc.struct('Figure', { alt: d.picture.alt }, () => drawPicture(doc, png, width, bottom())));
      sect.end();
    }
    root.end();

    const range = doc.bufferedPageRange();
    const total = range.count;
    for (let i = range.start; i < range.start + total; i++) {
      doc.switchToPage(i);
      // The footer sits in the bottom margin: without this, pdfkit would start a new page for it.
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc
        .font('Body')
        .fontSize(8)
        .text(dossierText(d.lang ?? 'nl', 'pdf.page', { n: String(i - range.start + 1), total: String(total) }), MARGIN, doc.page.height - MARGIN / 2 - 4, {
          width,
          align: 'center',
          lineBreak: false,
        });
      doc.endMarkedContent();
      doc.page.margins.bottom = margin;
    }
  });
}
