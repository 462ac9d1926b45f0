import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageQuery } from '@lotse/common';
import type { AuditRow } from './audit-csv';

const Text = () => IsString({ message: '$property muss ein Text sein' });

/** `GET /data-protection/audit`: the filters are checked by `parseAuditFilter` (named fields). */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Fall: Aktenzeichen (FM-2026-00042) oder Id' })
  @IsOptional()
  @Text()
  case?: string;

  @ApiPropertyOptional({ description: 'Mitarbeiter*in: Benutzername oder Id' })
  @IsOptional()
  @Text()
  staff?: string;

  @ApiPropertyOptional({ description: 'Von (Tag, TT.MM.JJJJ oder JJJJ-MM-TT), einschließlich' })
  @IsOptional()
  @Text()
  from?: string;

  @ApiPropertyOptional({ description: 'Bis (Tag), einschließlich' })
  @IsOptional()
  @Text()
  to?: string;

  @ApiPropertyOptional({ enum: ['csv', 'json'], description: 'Download statt Seite' })
  @IsOptional()
  @Text()
  format?: string;
}

export class AuditRowView implements AuditRow {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() action!: string;
  @ApiProperty() actionLabel!: string;
  @ApiProperty({ nullable: true }) actor!: AuditRow['actor'];
  @ApiProperty({ nullable: true }) institution!: AuditRow['institution'];
  @ApiProperty({ nullable: true }) case!: AuditRow['case'];
  @ApiProperty({ nullable: true }) consent!: AuditRow['consent'];
  @ApiProperty() details!: string;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditRowView] }) items!: AuditRowView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** `POST /data-protection/access-report`: a case reference, or name and date of birth. */
export class AccessReportQuery {
  @ApiPropertyOptional({ description: 'Aktenzeichen oder Id eines Falls der Person' })
  @IsOptional()
  @Text()
  case?: string;

  @ApiPropertyOptional() @IsOptional() @Text() firstName?: string;
  @ApiPropertyOptional() @IsOptional() @Text() lastName?: string;

  @ApiPropertyOptional({ description: 'Geburtsdatum (TT.MM.JJJJ oder JJJJ-MM-TT)' })
  @IsOptional()
  @Text()
  birthDate?: string;

  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'Download statt Seite' })
  @IsOptional()
  @Text()
  format?: string;
}
