/**
 * A PDF drawn with pdfkit into a buffer, as the dossier and the figures are made: A4, the document's language
 * and title, our name as its maker and one creation date (a fixed one keeps the output reproducible). pdfkit
 * is loaded on the first export only: most turns never need it, so it stays out of memory.
 */
import type PDFKitDocument from 'pdfkit';
import type { Lang } from '../domain/types.js';

export interface PdfFileOptions {
  lang: Lang | undefined;
  /** The document information's title (UTF-16 in the PDF: as typed). */
  title: string;
  created: Date;
  margin: number;
  /** More of pdfkit's options (tagging, buffered pages, the default font). */
  more?: Partial<PDFKit.PDFDocumentOptions>;
}

/** Runs `draw` on a new document and resolves with the finished file; what `draw` throws rejects it. */
export async function pdfFile(o: PdfFileOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const PDFDocument: typeof PDFKitDocument = (await import('pdfkit')).default;
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: o.margin, bottom: o.margin, left: o.margin, right: o.margin },
      lang: o.lang === 'en' ? 'en-GB' : 'nl-NL',
      ...o.more,
      info: { Title: o.title, Creator: 'Meldcode-assistent', Producer: 'Meldcode-assistent', CreationDate: o.created, ModDate: o.created },
    } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
