import { Module } from '@nestjs/common';
import { AuditModule } from '@lotse/audit';
import { AccessReportService } from './access-report.service';
import { AuditExtractService } from './audit-extract.service';

/** The data protection officer's audit extract and access report (reads only; no entities of its own). */
@Module({
  imports: [AuditModule],
  providers: [AuditExtractService, AccessReportService],
  exports: [AuditExtractService, AccessReportService],
})
export class DataProtectionModule {}
