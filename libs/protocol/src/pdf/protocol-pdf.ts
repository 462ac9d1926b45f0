import PDFDocument from 'pdfkit';
import { berlinParts, germanDate } from '@lotse/common';

/**
 * The protocol of a case conference as it is filed: everything the PDF prints, already resolved
 * to display values (names, labels) by the caller.
 */
export interface ProtocolDocument {
  /** e.g. "Jugendberufsagentur Eschweiler" */
  jbaName: string;
  /** A wordmark printed top left in place of a logo, e.g. "JBA Eschweiler". */
  logoText: string;
  /** e.g. "JBA-2026-0042" */
  caseReference: string;
  conference: {
    /** ISO instant */
    startsAt: string;
    place: string;
    /** "Reguläre Fallkonferenz" | "Außerordentliche Fallkonferenz" */
    kindLabel: string;
  };
  /** 1, 2, … */
  version: number;
  /** Set from version 2 on: why the protocol was corrected ("Berichtigung: …"). */
  correctionReason: string | null;
  /** ISO instant */
  finalizedAt: string;
  /** Name of the person who finalized the protocol. */
  finalizedBy: string;
  youngPerson: { name: string; /** YYYY-MM-DD */ birthDate: string };
  participants: Array<{ institution: string; person: string | null; receivesCaseData: boolean }>;
  /** Ausgangslage, free text, may contain line breaks. */
  situation: string;
  goals: string[];
  measures: Array<{
    title: string;
    institution: string;
    contact: string;
    /** YYYY-MM-DD */
    startsOn: string;
    /** YYYY-MM-DD */
    dueOn: string;
    /** Name of the support offer used, if any. */
    offer: string | null;
  }>;
  youngPersonView: string | null;
  youngPersonAgreed: boolean | null;
  /** e.g. "Verteilt an die in der Einwilligung genannten Stellen: Jobcenter, Jugendamt." */
  distributionNote: string;
}

/** The footer's confidentiality notice, printed on every page. */
export const CONFIDENTIALITY_NOTICE =
  'Vertraulich – enthält Sozialdaten (§ 35 SGB I). Weitergabe nur an die in der Einwilligung genannten Stellen.';

/** File name of a protocol version, e.g. `Protokoll-JBA-2026-0042-v1.pdf`. */
export function protocolFileName(doc: Pick<ProtocolDocument, 'caseReference' | 'version'>): string {
  const reference = doc.caseReference.trim().replace(/[^A-Za-z0-9._-]+/g, '_');
  return `Protokoll-${reference}-v${doc.version}.pdf`;
}

/**
 * Renders the protocol as an A4 PDF (German, Helvetica). The output is byte-identical for the
 * same input: the document dates are `finalizedAt`, the trailer /ID is derived from them, and
 * streams are left uncompressed so that no zlib build can change the bytes.
 */
export async function renderProtocolPdf(doc: ProtocolDocument): Promise<Buffer> {
  const finalizedAt = instant(doc.finalizedAt, 'finalizedAt');
  const startsAt = instant(doc.conference.startsAt, 'conference.startsAt');
  const reference = clean(doc.caseReference);

  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: true,
    compress: false,
    lang: 'de-DE',
    displayTitle: true,
    // No personal data of the young person here: document metadata ends up in search indexes.
    info: {
      Title: `Protokoll der Fallkonferenz ${doc.caseReference} (Version ${doc.version})`,
      Subject: `Fallkonferenz ${doc.caseReference}, Version ${doc.version}`,
      Author: doc.jbaName,
      Creator: 'Lotse',
      Producer: 'Lotse (PDFKit)',
      CreationDate: finalizedAt,
      ModDate: finalizedAt,
    },
  });
  const done = collect(pdf);

  const page = new PageWriter(pdf);
  letterhead(page, clean(doc.logoText), clean(doc.jbaName));
  page.text('Protokoll der Fallkonferenz', { font: BOLD, size: 18, color: ACCENT, lineHeight: 24 });
  page.gap(8);
  keyValues(page, [
    ['Fall', reference],
    [
      'Junger Mensch',
      `${clean(doc.youngPerson.name)}, geb. ${germanDate(doc.youngPerson.birthDate)}`,
    ],
    ['Datum der Fallkonferenz', dateTime(startsAt, true)],
    ['Ort', clean(doc.conference.place)],
    ['Art', clean(doc.conference.kindLabel)],
    ['Version', versionText(doc)],
    ['Festgestellt am', dateTime(finalizedAt, false)],
    ['Festgestellt von', clean(doc.finalizedBy)],
  ]);

  page.heading('Teilnehmende');
  page.list(
    doc.participants.map(
      (p) =>
        clean(p.institution) +
        (p.person ? ` – ${clean(p.person)}` : '') +
        (p.receivesCaseData ? '' : ' (ohne Falldaten)'),
    ),
    () => '•',
  );

  page.heading('Ausgangslage');
  page.text(clean(doc.situation).trim() || 'keine Angaben');

  page.heading('Ziele');
  page.list(doc.goals.map(clean), (i) => `${i + 1}.`);

  measuresTable(page, doc.measures);

  page.heading('Sicht des jungen Menschen');
  page.text(doc.youngPersonView?.trim() ? clean(doc.youngPersonView).trim() : 'keine Angaben');
  page.gap(4);
  const agreed =
    doc.youngPersonAgreed == null ? 'nicht erfasst' : doc.youngPersonAgreed ? 'ja' : 'nein';
  page.text(`Einverstanden: ${agreed}`);

  page.heading('Verteiler');
  page.text(clean(doc.distributionNote).trim() || 'keine');

  signatures(page);

  pageFurniture(pdf, clean(doc.logoText), reference, doc.version);
  pdf.end();
  return done;
}

// ---------------------------------------------------------------------------------------------
// Layout

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TEXT = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#1f3a5f';
const RULE = '#9aa4b2';
const HEADER_FILL = '#e6ebf2';

/** A4 with room above for the running header and below for the footer. */
const MARGINS = { top: 62, bottom: 84, left: 62, right: 56 };
const BODY_SIZE = 10;
const BODY_LEADING = 13.5;
const TABLE_SIZE = 8.5;
const TABLE_LEADING = 11;
const CELL_PADDING = 4;
/** Space a section needs on its page below the heading before the heading is moved on. */
const MIN_FOLLOW = 2 * BODY_LEADING;

interface TextOptions {
  font?: string;
  size?: number;
  color?: string;
  lineHeight?: number;
  /** Offset from the left margin. */
  indent?: number;
  width?: number;
}

/**
 * Writes top to bottom with its own cursor and line breaking, so that every line is placed
 * explicitly: nothing is drawn below the bottom margin, and pdfkit never adds pages on its own.
 */
class PageWriter {
  y: number;

  constructor(readonly pdf: PDFKit.PDFDocument) {
    this.y = MARGINS.top;
  }

  get left(): number {
    return MARGINS.left;
  }
  get width(): number {
    return this.pdf.page.width - MARGINS.left - MARGINS.right;
  }
  get bottom(): number {
    return this.pdf.page.height - MARGINS.bottom;
  }
  /** Height of the body area of a page. */
  get pageHeight(): number {
    return this.pdf.page.height - MARGINS.top - MARGINS.bottom;
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = MARGINS.top;
  }

  /** Moves to a new page unless `height` fits below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.bottom + 0.01) this.newPage();
  }

  gap(height: number): void {
    this.y += height;
  }

  /** Lines of `text` as they fit into `width` in the given font. */
  wrap(text: string, width: number, font = REGULAR, size = BODY_SIZE): string[] {
    this.pdf.font(font).fontSize(size);
    return wrapText(text, width, (s) => this.pdf.widthOfString(s));
  }

  /** Draws one line at an absolute position; it never wraps nor breaks pages. */
  draw(line: string, x: number, y: number, font = REGULAR, size = BODY_SIZE, color = TEXT): void {
    this.pdf.font(font).fontSize(size).fillColor(color);
    this.pdf.text(line, x, y, { lineBreak: false });
  }

  widthOf(text: string, font = REGULAR, size = BODY_SIZE): number {
    return this.pdf.font(font).fontSize(size).widthOfString(text);
  }

  /** A paragraph that flows over pages line by line. */
  text(text: string, o: TextOptions = {}): void {
    const font = o.font ?? REGULAR;
    const size = o.size ?? BODY_SIZE;
    const leading = o.lineHeight ?? BODY_LEADING;
    const indent = o.indent ?? 0;
    for (const line of this.wrap(text, o.width ?? this.width - indent, font, size)) {
      this.ensure(leading);
      this.draw(line, this.left + indent, this.y, font, size, o.color ?? TEXT);
      this.y += leading;
    }
  }

  /** A section heading, kept on one page with the start of its content. */
  heading(title: string, follow = MIN_FOLLOW): void {
    const before = 14;
    const height = 16 + 6;
    if (this.y + before + height + follow > this.bottom) this.newPage();
    else if (this.y > MARGINS.top) this.y += before;
    this.draw(title, this.left, this.y, BOLD, 12, ACCENT);
    this.y += 16;
    this.rule(this.y, 0.6, RULE);
    this.y += 6;
  }

  /** Items with a marker and hanging indent; "keine" for none. */
  list(items: string[], marker: (index: number) => string): void {
    if (items.length === 0) {
      this.text('keine');
      return;
    }
    const indent = Math.max(12, Math.ceil(this.widthOf(marker(items.length - 1))) + 8);
    items.forEach((item, i) => {
      const lines = this.wrap(item.trim() || '–', this.width - indent);
      lines.forEach((line, n) => {
        // the first two lines of an item stay together with its marker
        this.ensure(n === 0 ? Math.min(lines.length, 2) * BODY_LEADING : BODY_LEADING);
        if (n === 0) this.draw(marker(i), this.left, this.y);
        this.draw(line, this.left + indent, this.y);
        this.y += BODY_LEADING;
      });
      this.y += 2;
    });
  }

  rule(y: number, lineWidth: number, color: string, x1 = this.left, x2 = this.left + this.width) {
    this.pdf.save().moveTo(x1, y).lineTo(x2, y).lineWidth(lineWidth).strokeColor(color).stroke();
    this.pdf.restore();
  }
}

function letterhead(page: PageWriter, logoText: string, jbaName: string): void {
  const top = page.y - 14;
  const logoLines = page.wrap(logoText, page.width * 0.55, BOLD, 17);
  const logoWidth = Math.max(...logoLines.map((l) => page.widthOf(l, BOLD, 17)));
  page.pdf
    .save()
    .rect(page.left, top, 4, logoLines.length * 20)
    .fill(ACCENT)
    .restore();
  logoLines.forEach((line, i) =>
    page.draw(line, page.left + 10, top + 1 + i * 20, BOLD, 17, ACCENT),
  );

  const nameWidth = page.width - logoWidth - 10 - 24;
  const nameLines = page.wrap(jbaName, nameWidth, REGULAR, 9);
  nameLines.forEach((line, i) => {
    const x = page.left + page.width - page.widthOf(line, REGULAR, 9);
    page.draw(line, x, top + 6 + i * 11, REGULAR, 9, MUTED);
  });

  page.y = top + Math.max(logoLines.length * 20, 6 + nameLines.length * 11) + 8;
  page.rule(page.y, 1, ACCENT);
  page.y += 20;
}

function keyValues(page: PageWriter, rows: Array<[string, string]>): void {
  const labelWidth = 140;
  for (const [label, value] of rows) {
    const lines = page.wrap(value || '–', page.width - labelWidth);
    lines.forEach((line, n) => {
      page.ensure(BODY_LEADING);
      if (n === 0) page.draw(label, page.left, page.y, BOLD, BODY_SIZE, MUTED);
      page.draw(line, page.left + labelWidth, page.y);
      page.y += BODY_LEADING;
    });
    page.y += 2;
  }
}

interface CellLine {
  text: string;
  font: string;
}

/** Maßnahme | Zuständig | Beginn | Fällig bis | Angebot, the header row repeated on each page. */
function measuresTable(page: PageWriter, measures: ProtocolDocument['measures']): void {
  if (measures.length === 0) {
    page.heading('Maßnahmen');
    page.text('keine');
    return;
  }
  const dateWidth = 56;
  const offerWidth = 96;
  const responsibleWidth = 126;
  const widths = [
    page.width - 2 * dateWidth - offerWidth - responsibleWidth,
    responsibleWidth,
    dateWidth,
    dateWidth,
    offerWidth,
  ];
  const cell = (i: number, text: string, font = REGULAR): CellLine[] =>
    text.trim()
      ? page
          .wrap(text.trim(), widths[i] - 2 * CELL_PADDING, font, TABLE_SIZE)
          .map((line) => ({ text: line, font }))
      : [];
  const orDash = (lines: CellLine[]) => (lines.length ? lines : [{ text: '–', font: REGULAR }]);

  const header = ['Maßnahme', 'Zuständig', 'Beginn', 'Fällig bis', 'Angebot'].map((t, i) =>
    cell(i, t, BOLD),
  );
  const rows = measures.map((m) => [
    orDash(cell(0, clean(m.title))),
    orDash([...cell(1, clean(m.institution), BOLD), ...cell(1, clean(m.contact))]),
    orDash(cell(2, germanDate(m.startsOn))),
    orDash(cell(3, germanDate(m.dueOn))),
    orDash(cell(4, clean(m.offer ?? ''))),
  ]);

  const lineCount = (cells: CellLine[][]) => Math.max(...cells.map((c) => c.length));
  const heightOf = (lines: number) => lines * TABLE_LEADING + 2 * CELL_PADDING;
  const headerHeight = heightOf(lineCount(header));
  /** Rows taller than this are split over pages; shorter ones move to the next page whole. */
  const maxRowHeight = page.pageHeight - headerHeight;
  const minSplit = 3;

  const drawRow = (cells: CellLine[][], from: number, count: number, fill?: string) => {
    const height = heightOf(count);
    let x = page.left;
    cells.forEach((lines, i) => {
      if (fill) page.pdf.save().rect(x, page.y, widths[i], height).fill(fill).restore();
      lines.slice(from, from + count).forEach((line, n) => {
        const y = page.y + CELL_PADDING + n * TABLE_LEADING;
        page.draw(line.text, x + CELL_PADDING, y, line.font, TABLE_SIZE, TEXT);
      });
      page.pdf.save().rect(x, page.y, widths[i], height).lineWidth(0.5).strokeColor(RULE).stroke();
      page.pdf.restore();
      x += widths[i];
    });
    page.y += height;
  };
  const drawHeader = () => drawRow(header, 0, lineCount(header), HEADER_FILL);

  const first = heightOf(lineCount(rows[0]));
  page.heading('Maßnahmen', headerHeight + (first <= maxRowHeight ? first : heightOf(minSplit)));
  drawHeader();
  for (const row of rows) {
    const total = lineCount(row);
    let from = 0;
    while (from < total) {
      const rest = total - from;
      const room = Math.floor((page.bottom - page.y - 2 * CELL_PADDING + 0.01) / TABLE_LEADING);
      if (room >= rest || (room >= minSplit && heightOf(rest) > maxRowHeight)) {
        const count = Math.min(room, rest);
        drawRow(row, from, count);
        from += count;
      } else {
        page.newPage();
        drawHeader();
      }
    }
  }
}

function signatures(page: PageWriter): void {
  const fieldWidth = 200;
  const space = 34;
  page.heading('Unterschriften', 2 * (space + 14));
  const field = (x: number, label: string) => {
    page.rule(page.y, 0.6, TEXT, x, x + fieldWidth);
    page.draw(label, x, page.y + 3, REGULAR, 8, MUTED);
  };
  page.y += space;
  field(page.left, 'Ort, Datum');
  page.y += 14 + space;
  field(page.left, 'Koordination');
  field(page.left + page.width - fieldWidth, 'Junger Mensch / Erziehungsberechtigte');
  page.y += 14;
}

/** Running header (from page 2 on) and footer with page numbers, once all pages exist. */
function pageFurniture(
  pdf: PDFKit.PDFDocument,
  logoText: string,
  reference: string,
  version: number,
): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const page = new PageWriter(pdf);
    const number = i - range.start + 1;
    if (number > 1) {
      page.draw(
        `${logoText} · Protokoll der Fallkonferenz · ${reference} · Version ${version}`,
        page.left,
        28,
        REGULAR,
        8,
        MUTED,
      );
      page.rule(40, 0.5, RULE);
    }
    const footerTop = pdf.page.height - MARGINS.bottom + 20;
    page.rule(footerTop, 0.5, RULE);
    let y = footerTop + 6;
    for (const line of page.wrap(CONFIDENTIALITY_NOTICE, page.width, BOLD, 7.5)) {
      page.draw(line, page.left, y, BOLD, 7.5, MUTED);
      y += 10;
    }
    page.draw(`${reference} · Version ${version}`, page.left, y, REGULAR, 7.5, MUTED);
    const pages = `Seite ${number} von ${range.count}`;
    page.draw(
      pages,
      page.left + page.width - page.widthOf(pages, REGULAR, 7.5),
      y,
      REGULAR,
      7.5,
      MUTED,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Text

function versionText(doc: ProtocolDocument): string {
  if (doc.version <= 1) return String(doc.version);
  const reason = clean(doc.correctionReason ?? '').trim();
  const correction = !reason
    ? 'Berichtigung'
    : /^berichtigung\b/i.test(reason)
      ? reason
      : `Berichtigung: ${reason}`;
  return `${doc.version} (ersetzt Version ${doc.version - 1})\n${correction}`;
}

function dateTime(at: Date, withWeekday: boolean): string {
  const { date, time, weekday } = berlinParts(at);
  return `${withWeekday ? `${weekday}, ` : ''}${date}, ${time} Uhr`;
}

function instant(iso: string, field: string): Date {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`protocol: ${field} is not a date: "${iso}"`);
  return at;
}

/**
 * Greedy line breaking at spaces and after hyphens and slashes; explicit line breaks are kept,
 * words wider than a line are cut.
 */
export function wrapText(text: string, width: number, widthOf: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const tokens: Array<{ text: string; space: boolean }> = [];
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      word
        .split(/(?<=[^-/][-/])(?=[^-/])/)
        .forEach((part, i) => tokens.push({ text: part, space: i === 0 }));
    }
    if (tokens.length === 0) {
      lines.push('');
      continue;
    }
    let line = '';
    for (const token of tokens) {
      const candidate = line ? line + (token.space ? ' ' : '') + token.text : token.text;
      if (widthOf(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      for (const char of token.text) {
        if (line && widthOf(line + char) > width) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    lines.push(line);
  }
  // no blank lines at the end, at most one blank line in a row
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.filter((line, i) => line !== '' || lines[i - 1] !== '');
}

/** Characters the WinAnsi encoding of the built-in fonts has beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set(
  '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.split('').map((c) => c.codePointAt(0) as number),
);
const REPLACEMENTS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '–',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u201b': '‘',
  '\u201f': '“',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
};

/**
 * Text as the built-in Helvetica can print it (WinAnsi): German text passes unchanged; other
 * letters lose their diacritics (Ş → S), what is left unprintable becomes "?".
 */
export function clean(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n')) {
    const code = char.codePointAt(0) as number;
    if (char === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) {
      if (code !== 0xad) out += char; // soft hyphens dropped
    } else if (char === '\t' || /[\u2000-\u200a\u202f\u205f\u3000]/.test(char)) {
      out += ' ';
    } else if (WIN_ANSI_EXTRA.has(code)) {
      out += char;
    } else if (REPLACEMENTS[char] !== undefined) {
      out += REPLACEMENTS[char];
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || /[\u200b-\u200d\ufeff]/.test(char)) {
      // control and zero-width characters
    } else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((c) => (c.codePointAt(0) as number) <= 0xff) ? base : '?';
    }
  }
  return out;
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}
