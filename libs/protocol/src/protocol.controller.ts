import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Put,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { DomainException, uuidParam, uuidParamFor } from '@lotse/common';
import { CurrentUser, Principal } from '@lotse/identity';
import {
  CaseFollowUpView,
  CorrectProtocolDto,
  ProtocolEditorView,
  SaveDraftDto,
} from './protocol.dto';
import { ProtocolService } from './protocol.service';

const versionError = () =>
  DomainException.invalidField('version', 'version muss eine ganze Zahl ab 1 sein');
/** A protocol version: 1 … 2³¹−1 (a larger number would overflow the column: a 400, not a 500). */
const versionParam = new ParseIntPipe({ exceptionFactory: versionError });
const versionInRange = {
  transform: (v: number) => {
    if (v < 1 || v > 2_147_483_647) throw versionError();
    return v;
  },
};

@ApiTags('protocols')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller()
export class ProtocolController {
  constructor(private readonly protocols: ProtocolService) {}

  @Get('referrals/:caseId/follow-up')
  @ApiOkResponse({
    type: CaseFollowUpView,
    description: 'Protokolle, Maßnahmen, Überprüfungen, Verbleib',
  })
  @ApiNotFoundResponse()
  followUp(
    @Param('caseId', uuidParamFor('caseId')) caseId: string,
    @CurrentUser() user: Principal,
  ): Promise<CaseFollowUpView> {
    return this.protocols.caseFollowUp(caseId, user);
  }

  @Get('protocols/:id')
  @ApiOkResponse({ type: ProtocolEditorView })
  @ApiNotFoundResponse()
  editor(@Param('id', uuidParam) id: string, @CurrentUser() user: Principal) {
    return this.protocols.editor(id, user);
  }

  @Put('protocols/:id/draft')
  @ApiOkResponse({
    type: ProtocolEditorView,
    description: 'Entwurf gespeichert, mit Hinweisen auf Doppelförderung',
  })
  @ApiConflictResponse({ description: 'Das Protokoll ist schon abgeschlossen' })
  saveDraft(
    @Param('id', uuidParam) id: string,
    @Body() dto: SaveDraftDto,
    @CurrentUser() user: Principal,
  ) {
    return this.protocols.saveDraft(id, dto.content, user);
  }

  @Post('protocols/:id/corrections')
  @HttpCode(HttpStatus.CREATED)
  @ApiOkResponse({ type: CaseFollowUpView, description: 'Neue Version angelegt und verteilt' })
  @ApiConflictResponse({ description: 'Noch ein Entwurf, oder der Fall ist abgeschlossen' })
  correct(
    @Param('id', uuidParam) id: string,
    @Body() dto: CorrectProtocolDto,
    @CurrentUser() user: Principal,
  ) {
    return this.protocols.correct(id, dto, user);
  }

  @Get('protocols/:id/versions/:version/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Das Protokoll als PDF (jeder Abruf wird protokolliert)' })
  @ApiNotFoundResponse({ description: 'Auch für Stellen, die die Einwilligung nicht nennt' })
  async pdf(
    @Param('id', uuidParam) id: string,
    @Param('version', versionParam, versionInRange) version: number,
    @CurrentUser() user: Principal,
  ): Promise<StreamableFile> {
    const file = await this.protocols.pdf(id, version, user);
    return new StreamableFile(file.content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.content.length,
    });
  }
}
