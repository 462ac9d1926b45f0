export * from './offer-kind';
export { Offer } from './offer.entity';
export { CreateOfferDto, OfferPageView, OfferQuery, OfferView, UpdateOfferDto } from './offer.dto';
export { OfferService, mayEditOffersOf } from './offer.service';
export type { OfferLabel } from './offer.service';
export { OfferController } from './offer.controller';
export { OFFER_ENTITIES, OfferModule } from './offer.module';
export { DEMO_OFFERS, seedDemoOffers } from './demo-offers';
