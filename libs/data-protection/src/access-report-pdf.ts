import PDFDocument from 'pdfkit';
import { germanDate } from '@lotse/common';
import type { AccessReport } from './access-report';
import { germanDateTime } from './audit-csv';

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ACCENT = '#1f3a5f';
const MUTED = '#555555';

/**
 * What Helvetica (WinAnsi) can print: Latin-1 and line breaks; other letters lose their
 * accents ("ł" → "l"), anything else becomes "?".
 */
export function pdfSafe(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n')) {
    const code = char.codePointAt(0) as number;
    if (char === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) {
      out += char;
    } else if (char === '–' || char === '—') out += '-';
    else if (char === '„' || char === '“' || char === '”') out += '"';
    else if (char === '…') out += '...';
    else if (code < 0x20) out += ' ';
    else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => (c.codePointAt(0) as number) <= 0xff) ? base : '?';
    }
  }
  return out;
}

/** The access report as a printable A4 PDF (German); pdfkit flows the text over pages. */
export function renderAccessReportPdf(report: AccessReport): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: 'de-DE',
    displayTitle: true,
    // No personal data in the metadata: it ends up in search indexes.
    info: {
      Title: 'Auskunft nach Art. 15 DSGVO',
      Author: pdfSafe(report.jba.name),
      Creator: 'Lotse',
      Producer: 'Lotse (PDFKit)',
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const text = (t: string, o: { font?: string; size?: number; color?: string } = {}) =>
    pdf
      .font(o.font ?? REGULAR)
      .fontSize(o.size ?? 10)
      .fillColor(o.color ?? '#1a1a1a')
      .text(pdfSafe(t), { paragraphGap: 2 });
  const heading = (t: string, size = 12) => {
    pdf.moveDown(0.6);
    text(t, { font: BOLD, size, color: ACCENT });
  };
  const line = (label: string, value: string) => {
    pdf
      .font(BOLD)
      .fontSize(10)
      .fillColor('#1a1a1a')
      .text(`${pdfSafe(label)}: `, { continued: true, paragraphGap: 2 })
      .font(REGULAR)
      .text(pdfSafe(value || '-'));
  };

  const p = report.person;
  text(report.jba.name, { color: MUTED });
  text('Auskunft nach Art. 15 DSGVO / § 83 SGB X', { font: BOLD, size: 16, color: ACCENT });
  text(`über ${p.firstName} ${p.lastName}, geb. ${germanDate(p.birthDate)}`, { size: 12 });
  text(`Erstellt am ${germanDateTime(report.generatedAt)} von ${report.generatedBy.displayName}`, {
    color: MUTED,
  });

  heading('Gespeicherte Angaben zur Person');
  for (const record of report.personalData) {
    for (const f of record.fields) line(f.label, f.value);
    line(
      'Erfasst am',
      `${germanDateTime(record.recordedAt)} mit ${record.caseReferences.join(', ')}`,
    );
    pdf.moveDown(0.4);
  }

  for (const c of report.cases) {
    heading(`Fall ${c.reference}`, 13);
    line(
      'Status',
      `${c.statusLabel}${c.statusReason ? ` - ${c.statusReason}` : ''}${c.outcome ? ` (Verbleib: ${c.outcome})` : ''}`,
    );
    line(
      'Gemeldet von',
      `${c.referringInstitution.name}${c.referredBy ? `, ${c.referredBy.displayName} (${c.referredBy.username})` : ''}`,
    );
    line(
      'Fallmeldung vom',
      `${germanDate(c.referredOn)} (eingegangen ${germanDateTime(c.receivedAt)})`,
    );
    line('Kurzbeschreibung', c.shortDescription);
    line(
      'Teilnahme',
      `junger Mensch: ${c.youngPersonAttends ? 'ja' : 'nein'}, Erziehungsberechtigte: ${c.guardianAttends ? 'ja' : 'nein'}`,
    );

    heading('Einwilligungen', 11);
    if (c.consents.length === 0) text('Keine Einwilligung erfasst.');
    for (const k of c.consents) {
      text(
        `Unterschrieben am ${germanDate(k.signedOn)} von ${k.grantedByLabel}` +
          (k.guardianNames.length ? ` (${k.guardianNames.join(', ')})` : ''),
        { font: BOLD },
      );
      line('Empfänger', k.recipients.map((r) => r.name).join(', '));
      line('Zwecke', k.purposeLabels.join(', '));
      line(
        'Gültigkeit',
        k.validity + (k.revokedAt ? `; widerrufen am ${germanDateTime(k.revokedAt)}` : ''),
      );
      if (k.revocationDeclaredOn) {
        line(
          'Widerruf erklärt am',
          germanDate(k.revocationDeclaredOn) +
            (k.revocationReason ? ` (Grund: ${k.revocationReason})` : ''),
        );
      }
      line(
        'Dokument',
        k.documentHash
          ? `Scan, SHA-256 ${k.documentHash}`
          : `nur auf Papier: ${k.paperOnlyReason ?? ''}`,
      );
      line(
        'Erfasst',
        `${germanDateTime(k.recordedAt)}${k.recordedBy ? ` von ${k.recordedBy.displayName}` : ''}`,
      );
      pdf.moveDown(0.3);
    }

    if (c.entrustedNotes.length) {
      heading('Dem Jugendamt anvertraute Informationen (§ 65 SGB VIII)', 11);
      for (const n of c.entrustedNotes) {
        line(`${n.institution}, ${germanDateTime(n.recordedAt)}`, n.text);
      }
    }

    heading('Protokolle', 11);
    const versions = c.protocols.flatMap((pr) => pr.versions.map((v) => ({ pr, v })));
    if (versions.length === 0) text('Kein festgestelltes Protokoll.');
    for (const { pr, v } of versions) {
      text(
        `Fallkonferenz vom ${pr.conferenceStartsAt ? germanDateTime(pr.conferenceStartsAt) : '-'}, Version ${v.version}, festgestellt am ${germanDateTime(v.finalizedAt)} von ${v.finalizedByName}` +
          (v.correctionReason ? ` (Berichtigung: ${v.correctionReason})` : ''),
        { font: BOLD },
      );
      if (v.goals.length) line('Ziele', v.goals.join('; '));
      if (v.measures.length)
        line(
          'Maßnahmen',
          v.measures
            .map((m) => `${m.title} (${m.institution}, bis ${germanDate(m.dueOn)})`)
            .join('; '),
        );
      for (const d of v.deliveries)
        line('Versand', `${d.institution}: ${d.status} ${d.detail} am ${germanDateTime(d.at)}`);
      for (const d of v.downloads)
        line('Abruf', `${d.user} (${d.institution}) am ${germanDateTime(d.at)}`);
    }

    heading('E-Mails zu diesem Fall', 11);
    if (c.mails.length === 0) text('Keine E-Mails.');
    for (const m of c.mails) {
      text(
        `${germanDateTime(m.createdAt)}: ${m.templateLabel} an ${m.recipient} - ${m.statusLabel}` +
          (m.sentAt ? ` am ${germanDateTime(m.sentAt)}` : ''),
      );
    }

    heading('Wer hat was wann erhalten (Protokoll)', 11);
    if (c.disclosures.length === 0) text('Keine Einträge.');
    for (const d of c.disclosures) {
      text(
        `${germanDateTime(d.at)}: ${d.actionLabel}` +
          (d.actor ? `, ${d.actor.displayName} (${d.actor.username})` : '') +
          (d.institution ? `, ${d.institution.name}` : '') +
          (d.consent ? `, Einwilligung vom ${germanDate(d.consent.signedOn)}` : ''),
      );
    }
  }

  pdf.moveDown(1);
  text('Vertraulich - enthält Sozialdaten (§ 35 SGB I). Nur für die betroffene Person bestimmt.', {
    size: 8,
    color: MUTED,
  });
  pdf.end();
  return done;
}
