import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, In, Repository } from 'typeorm';
import { DomainException, todayIso } from '@lotse/common';
import { hasRole, Principal, Role } from '@lotse/identity';
import { InstitutionService } from '@lotse/institution';
import { OFFER_KIND_LABELS, OFFER_KINDS, OfferKind } from './offer-kind';
import { CreateOfferDto, OfferPageView, OfferQuery, OfferView, UpdateOfferDto } from './offer.dto';
import { Offer } from './offer.entity';

/** What a measure shows of the offer it refers to. */
export interface OfferLabel {
  name: string;
  kind: OfferKind;
  institutionName: string;
}

/** `%`, `_` and `\` stand for themselves in a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Whether a user may create and change offers of an institution of their JBA: caseworkers and
 * coordinators for their own institution, admins for every institution of the JBA.
 */
export function mayEditOffersOf(user: Principal, institutionId: string): boolean {
  if (hasRole(user, Role.ADMIN)) return true;
  return institutionId === user.institutionId && hasRole(user, Role.CASEWORKER, Role.COORDINATOR);
}

/**
 * The offers overview (Angebotsübersicht) of a JBA: every partner keeps its support offers
 * here, staff of the JBA search them, measures of a conference protocol refer to them. An offer
 * of another JBA does not exist for a user. Offers are never deleted, they end (`activeTo`).
 */
@Injectable()
export class OfferService {
  constructor(
    @InjectRepository(Offer) private readonly offers: Repository<Offer>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly institutions: InstitutionService,
  ) {}

  /** The offer with its institution, if it belongs to the JBA. */
  findInJba(jbaId: string, id: string): Promise<Offer | null> {
    if (!isUUID(id) || !isUUID(jbaId)) return Promise.resolve(null);
    return this.offers.findOne({ where: { id, jbaId }, relations: { institution: true } });
  }

  /** Name, kind and institution of each offer that exists, by id. */
  async labelsOf(ids: string[]): Promise<Map<string, OfferLabel>> {
    const wanted = [...new Set(ids)].filter((id) => isUUID(id));
    const labels = new Map<string, OfferLabel>();
    if (!wanted.length) return labels;
    const offers = await this.offers.find({
      where: { id: In(wanted) },
      relations: { institution: true },
    });
    for (const o of offers) {
      labels.set(o.id, { name: o.name, kind: o.kind, institutionName: o.institution?.name ?? '' });
    }
    return labels;
  }

  async search(user: Principal, q: OfferQuery): Promise<OfferPageView> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.offers
      .createQueryBuilder('o')
      .innerJoinAndSelect('o.institution', 'i')
      .where('o.jbaId = :jbaId', { jbaId: user.jbaId });
    const text = q.q?.trim();
    if (text) {
      qb.andWhere(
        `(o.name ilike :pattern or o.targetGroup ilike :pattern
          or o.legalBasis ilike :pattern or o.description ilike :pattern)`,
        { pattern: `%${escapeLike(text)}%` },
      );
    }
    if (q.kind) qb.andWhere('o.kind = :kind', { kind: q.kind });
    if (q.institutionId) qb.andWhere('o.institutionId = :institutionId', q);
    if (q.activeOn) {
      qb.andWhere('o.activeFrom <= :activeOn and (o.activeTo is null or o.activeTo >= :activeOn)', {
        activeOn: q.activeOn,
      });
    }
    const [rows, total] = await qb
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    const today = todayIso();
    return {
      items: rows.map((o) => view(o, user, today)),
      total,
      page,
      pageSize,
      kindOptions: OFFER_KINDS.map((value) => ({ value, label: OFFER_KIND_LABELS[value] })),
    };
  }

  async get(user: Principal, id: string): Promise<OfferView> {
    return view(await this.existing(user, id), user, todayIso());
  }

  async create(user: Principal, dto: CreateOfferDto): Promise<OfferView> {
    const institutionId = dto.institutionId ?? user.institutionId;
    if (!mayEditOffersOf(user, institutionId)) {
      throw DomainException.forbidden(
        'Angebote anderer Institutionen pflegen diese selbst oder die Administration.',
      );
    }
    const institution = await this.institutions.findById(institutionId);
    if (!institution || institution.jbaId !== user.jbaId) {
      throw DomainException.invalidField(
        'institutionId',
        'Diese Institution gehört nicht zu Ihrer Jugendberufsagentur.',
      );
    }
    const saved = await this.offers.save(
      this.offers.create({
        jbaId: user.jbaId,
        institutionId,
        name: dto.name.trim(),
        kind: dto.kind,
        targetGroup: dto.targetGroup.trim(),
        legalBasis: dto.legalBasis.trim(),
        contactName: dto.contactName.trim(),
        contactEmail: dto.contactEmail?.trim() || null,
        contactPhone: dto.contactPhone?.trim() || null,
        description: dto.description?.trim() || null,
        activeFrom: dto.activeFrom,
        activeTo: dto.activeTo ?? null,
      }),
    );
    return this.get(user, saved.id);
  }

  /** Changes an offer; the change must be made on its current version (else 409). */
  async update(user: Principal, id: string, dto: UpdateOfferDto): Promise<OfferView> {
    await this.dataSource.transaction(async (m) => {
      const offer = await m
        .getRepository(Offer)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :id and o.jbaId = :jbaId', { id, jbaId: user.jbaId })
        .getOne();
      if (!offer) throw notFound();
      if (!mayEditOffersOf(user, offer.institutionId)) {
        throw DomainException.forbidden(
          'Angebote anderer Institutionen pflegen diese selbst oder die Administration.',
        );
      }
      if (offer.version !== dto.version) {
        throw DomainException.conflict(
          'Das Angebot wurde inzwischen geändert. Bitte laden Sie es neu und ändern Sie es dann.',
        );
      }
      const trimmed = (value: string | null | undefined) =>
        value === undefined ? undefined : value?.trim() || null;
      const changes: Partial<Offer> = {
        name: dto.name?.trim(),
        kind: dto.kind,
        targetGroup: dto.targetGroup?.trim(),
        legalBasis: dto.legalBasis?.trim(),
        contactName: dto.contactName?.trim(),
        contactEmail: trimmed(dto.contactEmail),
        contactPhone: trimmed(dto.contactPhone),
        description: trimmed(dto.description),
        activeFrom: dto.activeFrom,
        activeTo: dto.activeTo,
      };
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      ) as Partial<Offer>;
      const next = { ...offer, ...defined };
      if (next.activeTo !== null && next.activeTo < next.activeFrom) {
        throw DomainException.invalidField(
          'activeTo',
          `activeTo darf nicht vor dem Beginn (${next.activeFrom}) liegen`,
        );
      }
      if (Object.keys(defined).length > 0) await m.getRepository(Offer).save(next);
    });
    return this.get(user, id);
  }

  private async existing(user: Principal, id: string): Promise<Offer> {
    const offer = await this.findInJba(user.jbaId, id);
    if (!offer) throw notFound();
    return offer;
  }
}

function notFound() {
  return DomainException.notFound('Dieses Angebot gibt es nicht.');
}

function view(o: Offer, user: Principal, today: string): OfferView {
  return {
    id: o.id,
    jbaId: o.jbaId,
    institutionId: o.institutionId,
    institutionName: o.institution?.name ?? '',
    name: o.name,
    kind: o.kind,
    kindLabel: OFFER_KIND_LABELS[o.kind] ?? o.kind,
    targetGroup: o.targetGroup,
    legalBasis: o.legalBasis,
    contactName: o.contactName,
    contactEmail: o.contactEmail,
    contactPhone: o.contactPhone,
    description: o.description,
    activeFrom: o.activeFrom,
    activeTo: o.activeTo,
    active: o.activeFrom <= today && (o.activeTo === null || o.activeTo >= today),
    editable: mayEditOffersOf(user, o.institutionId),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}
