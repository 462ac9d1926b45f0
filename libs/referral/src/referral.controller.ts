import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException, uuidParam, uuidParamFor } from '@lotse/common';
import { CurrentUser, Principal } from '@lotse/identity';
import { ExistingCasesQueryDto, ExistingCasesView } from './existing-cases/existing-cases.dto';
import { ExistingCasesService } from './existing-cases/existing-cases.service';
import {
  ConsentDto,
  ListReferralsQuery,
  RevokeConsentDto,
  SubmitReferralDto,
} from './referral.dto';
import { ReferralService } from './referral.service';
import {
  ConsentView,
  DiagramView,
  ReferralAcceptedView,
  ReferralListView,
  ReferralView,
} from './referral.views';

const IDEMPOTENCY_HEADER = 'idempotency-key';

function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw DomainException.invalidField(
      'Idempotency-Key',
      'Idempotency-Key: 1–200 sichtbare ASCII-Zeichen',
    );
  }
  return key;
}

@ApiTags('referrals')
@ApiBearerAuth()
@ApiCookieAuth('lotse_session')
@Controller('referrals')
export class ReferralController {
  constructor(
    private readonly referrals: ReferralService,
    private readonly existingCases: ExistingCasesService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Gleicher Schlüssel, gleiche Fallmeldung',
  })
  @ApiAcceptedResponse({
    type: ReferralAcceptedView,
    description: 'Angenommen; der Prozess startet gleich',
  })
  @ApiBadRequestResponse({ description: 'Ungültige Angaben; `errors` nennt jedes Feld' })
  @ApiForbiddenResponse({ description: 'Meldung für eine fremde Institution' })
  @ApiUnprocessableEntityResponse({
    description: 'Idempotency-Key für eine andere Fallmeldung verwendet',
  })
  async submit(
    @Body() dto: SubmitReferralDto,
    @CurrentUser() user: Principal,
    @Headers(IDEMPOTENCY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralAcceptedView> {
    const { referral, created } = await this.referrals.submit(dto, user, checkIdempotencyKey(key));
    const href = this.referrals.href(referral.id);
    res.setHeader('Location', href);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    const existingCases = await this.existingCases.forReferral(referral, dto.youngPerson, user);
    return {
      id: referral.id,
      reference: referral.reference,
      status: referral.status,
      href,
      existingCases,
    };
  }

  /** Doppelbetreuung: open cases of the same young person, before a referral is sent. */
  @Post('existing-cases')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ExistingCasesView,
    description:
      'Offene Fälle (gleicher Vor- und Nachname, gleiches Geburtsdatum) in Ihrer Jugendberufsagentur; ' +
      'Fall, Aktenzeichen und Status nur mit Einwilligung für Ihre Institution',
  })
  @ApiBadRequestResponse({ description: 'Ungültige Angaben; `errors` nennt jedes Feld' })
  async checkExistingCases(
    @Body() dto: ExistingCasesQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<ExistingCasesView> {
    return { items: await this.existingCases.check(dto, user) };
  }

  @Get()
  @ApiOkResponse({ type: ReferralListView })
  list(
    @CurrentUser() user: Principal,
    @Query() query: ListReferralsQuery,
  ): Promise<ReferralListView> {
    return this.referrals.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReferralView })
  @ApiNotFoundResponse()
  get(@Param('id', uuidParam) id: string, @CurrentUser() user: Principal): Promise<ReferralView> {
    return this.referrals.get(id, user);
  }

  @Get(':id/diagram')
  @ApiOkResponse({ type: DiagramView })
  @ApiNotFoundResponse()
  diagram(
    @Param('id', uuidParam) id: string,
    @CurrentUser() user: Principal,
  ): Promise<DiagramView> {
    return this.referrals.diagram(id, user);
  }

  @Post(':id/consents')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ConsentView })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Fall bereits abgeschlossen' })
  addConsent(
    @Param('id', uuidParam) id: string,
    @Body() dto: ConsentDto,
    @CurrentUser() user: Principal,
    @Headers(IDEMPOTENCY_HEADER) key: string | undefined,
  ): Promise<ConsentView> {
    return this.referrals.addConsent(id, dto, user, checkIdempotencyKey(key));
  }

  /** Widerruf: the consent stops counting now; a case left without a valid consent is closed. */
  @Post(':id/consents/:consentId/revocation')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ConsentView })
  @ApiBadRequestResponse({
    description: 'declaredOn in der Zukunft oder vor der Unterschrift; `errors` nennt jedes Feld',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'Weder meldende noch in der Einwilligung genannte Stelle' })
  @ApiConflictResponse({ description: 'Einwilligung bereits widerrufen' })
  revokeConsent(
    @Param('id', uuidParam) id: string,
    @Param('consentId', uuidParamFor('consentId')) consentId: string,
    @Body() dto: RevokeConsentDto,
    @CurrentUser() user: Principal,
  ): Promise<ConsentView> {
    return this.referrals.revokeConsent(id, consentId, dto, user);
  }
}
