import { dirname, join } from 'node:path';
import { PDFParse } from 'pdf-parse';

/**
 * The text of a PDF, as a person reading it would find it (whitespace runs as one space).
 * PDF.js's worker, compiled to CommonJS for Jest (jest.config.js), registers itself as
 * `globalThis.pdfjsWorker`, so that pdf-parse needs no dynamic import() to find it.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  await import(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}
