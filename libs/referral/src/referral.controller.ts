import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException } from '@lotse/common';
import { ConsentDto, SubmitReferralDto } from './referral.dto';
import { ReferralService } from './referral.service';
import { ConsentView, ReferralAcceptedView, ReferralView } from './referral.views';

const IDEMPOTENCY_HEADER = 'idempotency-key';

const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => DomainException.invalidField('id', 'id muss eine UUID sein'),
});

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
@Controller('referrals')
export class ReferralController {
  constructor(private readonly referrals: ReferralService) {}

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
  @ApiUnprocessableEntityResponse({
    description: 'Idempotency-Key für eine andere Fallmeldung verwendet',
  })
  async submit(
    @Body() dto: SubmitReferralDto,
    @Headers(IDEMPOTENCY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferralAcceptedView> {
    const { referral, created } = await this.referrals.submit(dto, checkIdempotencyKey(key));
    const href = this.referrals.href(referral.id);
    res.setHeader('Location', href);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return { id: referral.id, reference: referral.reference, status: referral.status, href };
  }

  @Get(':id')
  @ApiOkResponse({ type: ReferralView })
  @ApiNotFoundResponse()
  get(@Param('id', uuidPipe) id: string): Promise<ReferralView> {
    return this.referrals.get(id);
  }

  @Post(':id/consents')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ConsentView })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Fall bereits abgeschlossen' })
  addConsent(
    @Param('id', uuidPipe) id: string,
    @Body() dto: ConsentDto,
    @Headers(IDEMPOTENCY_HEADER) key: string | undefined,
  ): Promise<ConsentView> {
    return this.referrals.addConsent(id, dto, checkIdempotencyKey(key));
  }
}
