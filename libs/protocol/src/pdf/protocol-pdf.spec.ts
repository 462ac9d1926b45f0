import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { PDFParse } from 'pdf-parse';
import {
  CONFIDENTIALITY_NOTICE,
  clean,
  protocolFileName,
  ProtocolDocument,
  renderProtocolPdf,
  wrapText,
} from './protocol-pdf';

const sample: ProtocolDocument = {
  jbaName: 'Jugendberufsagentur Eschweiler',
  logoText: 'JBA Eschweiler',
  caseReference: 'JBA-2026-0042',
  conference: {
    startsAt: '2026-03-10T08:30:00Z',
    place: 'Rathaus Eschweiler, Raum 2.14 (Besprechungsraum „Inde“)',
    kindLabel: 'Reguläre Fallkonferenz',
  },
  version: 2,
  correctionReason: 'Fälligkeit der Maßnahme „Bewerbungstraining“ war falsch übertragen.',
  finalizedAt: '2026-03-12T13:05:00Z',
  finalizedBy: 'Jörg Weiß',
  youngPerson: { name: 'Özlem Kußmaul', birthDate: '2008-11-02' },
  participants: [
    { institution: 'Jobcenter StädteRegion Aachen', person: 'Frau Müller', receivesCaseData: true },
    { institution: 'Jugendamt Eschweiler', person: 'Herr Schäfer', receivesCaseData: true },
    { institution: 'Agentur für Arbeit Aachen-Düren', person: null, receivesCaseData: false },
  ],
  situation:
    'Özlem hat die Schule im Sommer ohne Abschluss verlassen.\nSie möchte eine Ausbildung im Bereich Gärtnerei beginnen – die Fahrtkosten (ca. 45 €/Monat) sind ungeklärt.',
  goals: ['Hauptschulabschluss nachholen', 'Ausbildungsplatz zum 01.08.2027 finden'],
  measures: [
    {
      title: 'Anmeldung zum Abendkurs für den Hauptschulabschluss',
      institution: 'Jobcenter StädteRegion Aachen',
      contact: 'Frau Müller, 02403 123-45',
      startsOn: '2026-03-16',
      dueOn: '2026-04-30',
      offer: 'Bildungsgutschein',
    },
    {
      title: 'Bewerbungstraining',
      institution: 'Jugendamt Eschweiler',
      contact: 'Herr Schäfer',
      startsOn: '2026-04-01',
      dueOn: '2026-06-15',
      offer: null,
    },
  ],
  youngPersonView:
    'Ich will unbedingt mit Pflanzen arbeiten und brauche Hilfe bei den Fahrtkosten.',
  youngPersonAgreed: true,
  distributionNote: 'Verteilt an die in der Einwilligung genannten Stellen: Jobcenter, Jugendamt.',
};

function longProtocol(): ProtocolDocument {
  const sentence =
    'Die Lage ist unübersichtlich, Zuständigkeiten müssen geklärt und Gespräche geführt werden. ';
  return {
    ...sample,
    version: 1,
    correctionReason: null,
    situation: sentence.repeat(Math.ceil(2000 / sentence.length)).slice(0, 2000),
    goals: Array.from({ length: 8 }, (_, i) => `Ziel Nummer ${i + 1} mit etwas längerem Text`),
    measures: Array.from({ length: 20 }, (_, i) => ({
      title: `Maßnahme ${i + 1}: Begleitung zu Terminen bei der Schuldnerberatung und Klärung der Unterlagen`,
      institution: i % 2 ? 'Jugendamt Eschweiler' : 'Jobcenter StädteRegion Aachen',
      contact: `Ansprechperson ${i + 1}, Telefon 02403 123-${i}`,
      startsOn: '2026-03-16',
      dueOn: '2026-12-31',
      offer: i % 3 ? 'Coaching „Übergang Schule–Beruf“' : null,
    })),
  };
}

/**
 * PDF.js's worker, compiled to CommonJS for Jest (jest.config.js), registers itself as
 * `globalThis.pdfjsWorker`, so that pdf-parse needs no dynamic import() to find it.
 */
async function loadPdfWorker(): Promise<void> {
  await import(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
}

async function read(pdf: Buffer) {
  const parser = new PDFParse({ data: pdf });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return { text, info };
  } finally {
    await parser.destroy();
  }
}

/** Text with every run of whitespace as one space, so that wrapped lines read as one. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('protocol PDF', () => {
  let pdf: Buffer;
  let text: string;
  let info: Record<string, unknown>;
  let pages: number;

  beforeAll(async () => {
    await loadPdfWorker();
    pdf = await renderProtocolPdf(sample);
    const read_ = await read(pdf);
    text = read_.text.text;
    pages = read_.text.total;
    info = read_.info.info as Record<string, unknown>;
    artifact('protocol-sample.pdf', pdf);
  });

  it('is an A4 PDF named after case and version', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(protocolFileName(sample)).toBe('Protokoll-JBA-2026-0042-v2.pdf');
    expect(protocolFileName({ caseReference: 'JBA 2026/7', version: 1 })).toBe(
      'Protokoll-JBA_2026_7-v1.pdf',
    );
  });

  it('prints the letterhead, the key facts and the German section headings', () => {
    const all = flat(text);
    for (const s of [
      'JBA Eschweiler',
      'Jugendberufsagentur Eschweiler',
      'Protokoll der Fallkonferenz',
      'JBA-2026-0042',
      'Özlem Kußmaul, geb. 02.11.2008',
      'Dienstag, 10.03.2026, 09:30 Uhr', // 08:30Z is 09:30 in Berlin (CET)
      'Rathaus Eschweiler, Raum 2.14 (Besprechungsraum „Inde“)',
      'Reguläre Fallkonferenz',
      '12.03.2026, 14:05 Uhr',
      'Jörg Weiß',
    ])
      expect(all).toContain(s);
    const headings = [
      'Teilnehmende',
      'Ausgangslage',
      'Ziele',
      'Maßnahmen',
      'Sicht des jungen Menschen',
      'Verteiler',
      'Unterschriften',
    ];
    const lines = text.split('\n').map((l) => l.trim());
    for (const h of headings) expect(lines).toContain(h);
    // in this order
    const at = headings.map((h) => lines.indexOf(h));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('marks participants without case data and numbers the goals', () => {
    const all = flat(text);
    expect(all).toContain('Jobcenter StädteRegion Aachen – Frau Müller');
    expect(all).toContain('Agentur für Arbeit Aachen-Düren (ohne Falldaten)');
    expect(all).not.toContain('Frau Müller (ohne Falldaten)');
    expect(all).toContain('1. Hauptschulabschluss nachholen');
    expect(all).toContain('2. Ausbildungsplatz zum 01.08.2027 finden');
  });

  it('keeps umlauts, ß, German quotes, dashes and € as they were', () => {
    const all = flat(text);
    expect(all).toContain('Gärtnerei beginnen – die Fahrtkosten (ca. 45 €/Monat) sind ungeklärt.');
    expect(all).toContain('Özlem hat die Schule im Sommer ohne Abschluss verlassen.');
    expect(all).not.toMatch(/[\uFFFD]/);
  });

  it('prints the measures as a table', () => {
    const all = flat(text);
    for (const s of [
      'Maßnahme',
      'Zuständig',
      'Beginn',
      'Fällig bis',
      'Angebot',
      'Bewerbungstraining',
      'Herr Schäfer',
      '16.03.2026',
      '30.04.2026',
      '15.06.2026',
      'Bildungsgutschein',
    ])
      expect(all).toContain(s);
    expect(all).toMatch(/Anmeldung zum Abendkurs für den ?Hauptschulabschluss/);
  });

  it('prints the young person’s view, the agreement, the distribution and signature lines', () => {
    const all = flat(text);
    expect(all).toContain(
      'Ich will unbedingt mit Pflanzen arbeiten und brauche Hilfe bei den Fahrtkosten.',
    );
    expect(all).toContain('Einverstanden: ja');
    expect(all).toContain(sample.distributionNote);
    for (const s of ['Ort, Datum', 'Koordination', 'Junger Mensch / Erziehungsberechtigte'])
      expect(all).toContain(s);
  });

  it('puts the confidentiality notice and the page number on every page', () => {
    const parts = text.split(/\n-- \d+ of \d+ --\n/).filter((p) => p.trim());
    expect(parts).toHaveLength(pages);
    parts.forEach((page, i) => {
      expect(flat(page)).toContain(CONFIDENTIALITY_NOTICE);
      expect(flat(page)).toContain(`Seite ${i + 1} von ${pages}`);
    });
  });

  it('states the correction from version 2 on', () => {
    expect(flat(text)).toContain('2 (ersetzt Version 1)');
    expect(flat(text)).toContain(`Berichtigung: ${sample.correctionReason}`);
  });

  it('keeps the young person’s name out of the metadata', () => {
    expect(info.Title).toBe('Protokoll der Fallkonferenz JBA-2026-0042 (Version 2)');
    expect(info.Subject).toContain('JBA-2026-0042');
    expect(info.Author).toBe('Jugendberufsagentur Eschweiler');
    const metadata = JSON.stringify(info);
    for (const part of ['Özlem', 'Kußmaul', '2008']) expect(metadata).not.toContain(part);
    expect(info.CreationDate).toBe('D:20260312130500Z');
    expect(info.ModDate).toBe('D:20260312130500Z');
  });

  it('renders the same bytes for the same input, whenever it runs', async () => {
    jest.useFakeTimers({ now: new Date('2031-07-01T12:00:00Z'), doNotFake: [...TIMERS] });
    let later: Buffer;
    try {
      expect(new Date().getUTCFullYear()).toBe(2031);
      later = await renderProtocolPdf(structuredClone(sample));
    } finally {
      jest.useRealTimers();
    }
    expect(later.equals(pdf)).toBe(true);
    expect(sha256(later)).toBe(sha256(pdf));
    // the trailer /ID follows the document, not the moment
    const id = (b: Buffer) => /\/ID \[<([0-9a-f]+)> <([0-9a-f]+)>\]/.exec(b.toString('latin1'));
    expect(id(pdf)?.[1]).toHaveLength(32);
    expect(id(later)?.[1]).toBe(id(pdf)?.[1]);
    const other = await renderProtocolPdf({ ...sample, finalizedAt: '2026-03-13T09:00:00Z' });
    expect(id(other)?.[1]).not.toBe(id(pdf)?.[1]);
  });

  it('prints "keine" for empty lists and "nicht erfasst" when agreement is not recorded', async () => {
    const empty = await renderProtocolPdf({
      ...sample,
      version: 1,
      correctionReason: null,
      participants: [],
      goals: [],
      measures: [],
      situation: '',
      youngPersonView: null,
      youngPersonAgreed: null,
    });
    const { text: t } = await read(empty);
    const lines = t.text.split('\n').map((l) => l.trim());
    for (const h of ['Teilnehmende', 'Ziele', 'Maßnahmen'])
      expect(lines[lines.indexOf(h) + 1]).toBe('keine');
    expect(lines).toContain('Einverstanden: nicht erfasst');
    expect(flat(t.text)).not.toContain('Berichtigung');
    expect(flat(t.text)).not.toContain('Fällig bis');
  });

  it('paginates a long protocol, repeating the table header, without overlapping text', async () => {
    const boxes = recordTextBoxes();
    let long: Buffer;
    try {
      long = await renderProtocolPdf(longProtocol());
    } finally {
      boxes.stop();
    }
    artifact('protocol-sample-long.pdf', long);
    const { text: t } = await read(long);
    expect(t.total).toBeGreaterThan(1);
    const all = flat(t.text);
    expect(all).toContain('Maßnahme 20: Begleitung');
    expect(all).toContain('Ansprechperson 20, Telefon 02403 123-19');
    expect(all).toContain(`Seite ${t.total} von ${t.total}`);
    expect(all).toContain('Junger Mensch / Erziehungsberechtigte');
    // the situation arrives complete
    expect(all).toContain(flat(longProtocol().situation).trim());

    // every page the table runs over starts it with its header row
    const tablePages = t.pages.filter((p) => /Maßnahme \d+:/.test(p.text));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const p of tablePages)
      expect(p.text).toMatch(/Maßnahme\s+Zuständig\s+Beginn\s+Fällig bis\s+Angebot/);

    expect(boxes.pages.size).toBe(t.total);
    expectClean(boxes.pages);
  });

  it('splits text and a measure taller than a page over pages instead of cutting them off', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `Schritt${i + 1}`).join(' ');
    const boxes = recordTextBoxes();
    let tall: Buffer;
    try {
      tall = await renderProtocolPdf({
        ...sample,
        situation: longProtocol().situation.repeat(3), // runs over the first page, too
        measures: [
          { ...sample.measures[0], title: `${words} Ende`, contact: 'x'.repeat(300) },
          sample.measures[1],
        ],
      });
    } finally {
      boxes.stop();
    }
    const { text: t } = await read(tall);
    const all = flat(t.text);
    expect(all).toMatch(/Schritt1 Schritt2 .*Schritt700 Ende/);
    expect(all).toContain('Bewerbungstraining');
    const tablePages = t.pages.filter((p) => /Schritt\d+/.test(p.text));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const p of tablePages) expect(p.text).toMatch(/Maßnahme\s+Zuständig\s+Beginn/);
    expectClean(boxes.pages);
  });

  it('breaks lines at spaces and hyphens and cuts what is wider than a line', () => {
    const width = (s: string) => s.length;
    expect(wrapText('aaa bbb ccc', 7, width)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('Schule–Beruf Jugend-Berufsagentur', 13, width)).toEqual([
      'Schule–Beruf',
      'Jugend-',
      'Berufsagentur',
    ]);
    expect(wrapText('abcdefghij', 4, width)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('eins\n\n\n\nzwei\n', 10, width)).toEqual(['eins', '', 'zwei']);
  });

  it('prints what Helvetica cannot show without diacritics instead of as garbage', () => {
    expect(clean('Müßig „gut“ – 5 € ‚x‘ …')).toBe('Müßig „gut“ – 5 € ‚x‘ …');
    expect(clean('Şahin Ağca, Łukasz, Dvořák')).toBe('Sahin Agca, Lukasz, Dvorák');
    expect(clean('a\r\nb\tc\u00ad\u200bd 😀')).toBe('a\nb cd ?');
  });
});

const TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** For a person to look at: test/artifacts (git-ignored). */
function artifact(name: string, pdf: Buffer): void {
  const folder = join(__dirname, '../../../../test/artifacts');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), pdf);
}

/** Nothing overlaps, the body stays above the footer, everything stays on the paper. */
function expectClean(pages: Map<object, Box[]>): void {
  for (const page of pages.values()) {
    for (let i = 0; i < page.length; i++)
      for (let j = i + 1; j < page.length; j++) {
        const [a, b] = [page[i], page[j]];
        const overlap =
          a.x < b.x + b.w - 0.5 &&
          b.x < a.x + a.w - 0.5 &&
          a.y < b.y + b.h - 0.5 &&
          b.y < a.y + a.h - 0.5;
        if (overlap) throw new Error(`"${a.text}" overlaps "${b.text}"`);
      }
    const footerTop = 841.89 - 84;
    const footer = page.filter((b) => b.y >= footerTop);
    expect(footer.some((b) => b.text.startsWith('Seite '))).toBe(true);
    expect(footer.some((b) => b.text.startsWith('Vertraulich'))).toBe(true);
    for (const b of page) {
      if (b.y < footerTop) expect(b.y + b.h).toBeLessThanOrEqual(footerTop);
      expect(b.y).toBeGreaterThanOrEqual(20);
      expect(b.x).toBeGreaterThanOrEqual(56);
      expect(b.x + b.w).toBeLessThanOrEqual(595.28 - 56 + 0.5);
      expect(b.y + b.h).toBeLessThanOrEqual(841.89 - 20);
    }
  }
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Records where every non-empty text run lands, per page, while rendering. */
function recordTextBoxes() {
  const pages = new Map<object, Box[]>();
  const proto = PDFDocument.prototype as any;
  const original = proto.text;
  const spy = jest.spyOn(proto, 'text').mockImplementation(function (
    this: any,
    text: unknown,
    x: unknown,
    y: unknown,
    options: unknown,
  ) {
    if (typeof text === 'string' && text.trim() && typeof x === 'number' && typeof y === 'number') {
      const box = { text, x, y, w: this.widthOfString(text), h: this._fontSize };
      pages.set(this.page, [...(pages.get(this.page) ?? []), box]);
    }
    return original.call(this, text, x, y, options);
  });
  return { pages, stop: () => spy.mockRestore() };
}
