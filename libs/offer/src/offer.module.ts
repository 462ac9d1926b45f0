import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstitutionModule } from '@lotse/institution';
import { Offer } from './offer.entity';
import { OfferService } from './offer.service';

export const OFFER_ENTITIES = [Offer];

@Module({
  imports: [TypeOrmModule.forFeature(OFFER_ENTITIES), InstitutionModule],
  providers: [OfferService],
  exports: [OfferService],
})
export class OfferModule {}
