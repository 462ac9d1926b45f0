import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { uuidParam } from '@lotse/common';
import { CurrentUser, Principal } from '@lotse/identity';
import { EntrustedNoteDto, EntrustedNoteView, EntrustedNotesView } from './entrusted-note.dto';
import { EntrustedNoteService } from './entrusted-note.service';

@ApiTags('referrals')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('referrals/:id/entrusted-notes')
export class EntrustedNoteController {
  constructor(private readonly notes: EntrustedNoteService) {}

  /** What was entrusted to the Jugendamt (§ 65 SGB VIII), as far as the viewer may read it. */
  @Get()
  @ApiOkResponse({ type: EntrustedNotesView })
  @ApiNotFoundResponse()
  list(@Param('id', uuidParam) id: string, @CurrentUser() user: Principal) {
    return this.notes.list(id, user);
  }

  /** Records information entrusted to the Jugendamt; only the Jugendamt that sees the case. */
  @Post()
  @ApiCreatedResponse({ type: EntrustedNoteView })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  create(
    @Param('id', uuidParam) id: string,
    @Body() dto: EntrustedNoteDto,
    @CurrentUser() user: Principal,
  ) {
    return this.notes.record(id, dto.text, user);
  }
}
