import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException } from '@lotse/common';
import { CurrentUser, Principal, Role, Roles } from '@lotse/identity';
import type { AccessReport } from './access-report';
import { renderAccessReportPdf } from './access-report-pdf';
import { AccessReportService } from './access-report.service';
import { auditCsv } from './audit-csv';
import { AuditExtractService } from './audit-extract.service';
import {
  AccessReportQuery,
  AccessReportView,
  AuditPageView,
  AuditQuery,
} from './data-protection.dto';

/** Today as `YYYYMMDD` for file names. */
const stamp = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

/** A download: the bytes, its type and an attachment disposition. */
function download(content: string, type: string, fileName: string): StreamableFile {
  const bytes = Buffer.from(content, 'utf8');
  return new StreamableFile(bytes, {
    type: `${type}; charset=utf-8`,
    disposition: `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]+/g, '_')}"`,
    length: bytes.length,
  });
}

/**
 * The data protection officer's pages (per JBA): the audit of a case, a staff member, a period
 * (page, CSV, JSON), and the access report (Art. 15 DSGVO / § 83 SGB X) on a young person.
 */
@ApiTags('data-protection')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Roles(Role.DATA_PROTECTION_OFFICER)
@ApiForbiddenResponse({ description: 'Nur für Datenschutzbeauftragte' })
@Controller('data-protection')
export class DataProtectionController {
  constructor(
    private readonly extract: AuditExtractService,
    private readonly reports: AccessReportService,
  ) {}

  @Get('audit')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: AuditPageView,
    description: 'Seite des Protokolls; mit format=csv|json ein Download aller Treffer',
  })
  @ApiBadRequestResponse({ description: 'Ungültige Filter (benannt)' })
  async audit(
    @CurrentUser() user: Principal,
    @Query() q: AuditQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuditPageView | StreamableFile> {
    const filter = await this.extract.resolve(user, q);
    if (!filter.format) return this.extract.page(user, filter, q.page ?? 1, q.pageSize ?? 20);
    const rows = await this.extract.export(user, filter);
    const name = `Protokollauszug-${filter.caseReference ?? filter.staffUsername ?? 'JBA'}-${stamp()}`;
    res.setHeader('Cache-Control', 'no-store');
    if (filter.format === 'csv') return download(auditCsv(rows), 'text/csv', `${name}.csv`);
    const json = JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        generatedBy: user.username,
        filter: {
          case: filter.caseReference,
          staff: filter.staffUsername,
          from: filter.from,
          to: filter.to,
        },
        items: rows,
      },
      null,
      2,
    );
    return download(json, 'application/json', `${name}.json`);
  }

  /** POST: name and date of birth travel in the body, never in a URL (proxy logs, history). */
  @Post('access-report')
  @HttpCode(200)
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({
    type: AccessReportView,
    description: 'Auskunft nach Art. 15 DSGVO; mit format=json oder format=pdf als Download',
  })
  @ApiBadRequestResponse({ description: 'Aktenzeichen oder Name und Geburtsdatum fehlen' })
  @ApiNotFoundResponse({ description: 'Keine Daten zu dieser Person in der JBA' })
  async accessReport(
    @CurrentUser() user: Principal,
    @Body() q: AccessReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessReport | StreamableFile> {
    const format = q.format?.trim() ?? '';
    if (format && format !== 'json' && format !== 'pdf')
      throw DomainException.invalidField('format', 'format muss json oder pdf sein');
    const report = await this.reports.report(user, q, format);
    res.setHeader('Cache-Control', 'no-store');
    if (!format) return report;
    const name = `Auskunft-${report.cases[0]?.reference ?? 'Person'}-${stamp()}`;
    if (format === 'pdf') {
      const pdf = await renderAccessReportPdf(report);
      return new StreamableFile(pdf, {
        type: 'application/pdf',
        disposition: `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf"`,
        length: pdf.length,
      });
    }
    return download(JSON.stringify(report, null, 2), 'application/json', `${name}.json`);
  }
}
