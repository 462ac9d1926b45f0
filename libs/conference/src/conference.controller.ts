import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { berlinYear, uuidParam, uuidParamFor } from '@lotse/common';
import { CurrentUser, Principal, Public } from '@lotse/identity';
import {
  CancelConferenceDto,
  ConferenceDateCheckDto,
  ConferenceDateCheckView,
  ConferenceDetailView,
  ConferenceListView,
  ConferenceTimesDto,
  ConferenceView,
  PlanConferenceDto,
  PublicCalendarView,
  YearQuery,
} from './conference.dto';
import { ConferenceService } from './conference.service';

@ApiTags('conferences')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('conferences')
export class ConferenceController {
  constructor(private readonly conferences: ConferenceService) {}

  @Get()
  @ApiOkResponse({ type: ConferenceListView })
  async list(@CurrentUser() user: Principal, @Query() q: YearQuery): Promise<ConferenceListView> {
    return { items: await this.conferences.list(user, q.year ?? berlinYear(new Date())) };
  }

  @Post()
  @ApiCreatedResponse({ type: ConferenceView })
  @ApiForbiddenResponse({ description: 'Nur die Koordination der Fallkonferenzen' })
  @ApiConflictResponse({ description: 'Schon vier reguläre Termine in diesem Jahr' })
  plan(@Body() dto: PlanConferenceDto, @CurrentUser() user: Principal): Promise<ConferenceView> {
    return this.conferences.plan(dto, user);
  }

  /** Warnings on a date before it is planned or changed: same time and place, weekend, holiday. */
  @Post('date-check')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ConferenceDateCheckView })
  @ApiForbiddenResponse({ description: 'Nur die Koordination der Fallkonferenzen' })
  checkDate(
    @Body() dto: ConferenceDateCheckDto,
    @CurrentUser() user: Principal,
  ): Promise<ConferenceDateCheckView> {
    return this.conferences.checkDate(dto, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConferenceDetailView })
  @ApiNotFoundResponse()
  detail(
    @Param('id', uuidParam) id: string,
    @CurrentUser() user: Principal,
  ): Promise<ConferenceDetailView> {
    return this.conferences.detail(id, user);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: ConferenceView,
    description: 'Geändert (Zeit, Ort, Plätze, Meldeschluss)',
  })
  move(
    @Param('id', uuidParam) id: string,
    @Body() dto: ConferenceTimesDto,
    @CurrentUser() user: Principal,
  ): Promise<ConferenceView> {
    return this.conferences.move(id, dto, user);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ConferenceView, description: 'Abgesagt; die Fälle warten wieder' })
  cancel(
    @Param('id', uuidParam) id: string,
    @Body() dto: CancelConferenceDto,
    @CurrentUser() user: Principal,
  ): Promise<ConferenceView> {
    return this.conferences.cancel(id, dto.reason, user);
  }
}

/** The published dates of a JBA: JSON and an iCalendar feed to subscribe to. No sign-in. */
@ApiTags('public')
@Public()
@Controller('public/jbas/:jbaId/conferences')
export class PublicCalendarController {
  constructor(private readonly conferences: ConferenceService) {}

  @Get()
  @ApiOkResponse({ type: PublicCalendarView })
  list(@Param('jbaId', uuidParamFor('jbaId')) jbaId: string): Promise<PublicCalendarView> {
    return this.conferences.publicCalendar(jbaId);
  }
}

@ApiTags('public')
@Public()
@Controller('public/jbas')
export class PublicIcsController {
  constructor(private readonly conferences: ConferenceService) {}

  @Get(':jbaId/conferences.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'inline; filename="fallkonferenzen.ics"')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)' })
  ics(@Param('jbaId', uuidParamFor('jbaId')) jbaId: string): Promise<string> {
    return this.conferences.publicIcs(jbaId);
  }
}
