import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '@lotse/audit';
import { authConfig, AuthConfig, DomainException, isUniqueViolation } from '@lotse/common';
import { AuthService } from '../auth.service';
import { hashPassword } from '../password';
import type { Principal } from '../principal';
import { Role, ROLE_LABELS } from '../role';
import { StaffUser } from '../staff-user.entity';
import { AccountView, CreateAccountDto, SetPasswordDto, UpdateAccountDto } from './account.dto';

/**
 * Staff accounts, administered by the admins of each institution for their own institution.
 * Locking an account, setting its password or changing its roles ends its sessions (on this API
 * instance at once, on others within SESSION_CHECK_TTL_MS); every change is written to the
 * audit log without the password.
 */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  async list(admin: Principal): Promise<AccountView[]> {
    const users = await this.dataSource.getRepository(StaffUser).find({
      where: { institutionId: admin.institutionId },
      order: { active: 'DESC', displayName: 'ASC' },
    });
    return users.map(view);
  }

  async create(dto: CreateAccountDto, admin: Principal): Promise<AccountView> {
    if (!dto.password && !this.config.oidc) {
      throw DomainException.invalidField(
        'password',
        'Ohne Single Sign-On braucht ein Konto ein Passwort.',
      );
    }
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    // The unique index on the user name decides, also between two admins creating one name.
    return this.dataSource
      .transaction(async (m) => {
        const user = await m.save(
          m.create(StaffUser, {
            username: dto.username,
            displayName: dto.displayName.trim(),
            email: dto.email?.trim().toLowerCase() || null,
            passwordHash,
            institutionId: admin.institutionId,
            roles: dto.roles,
            active: true,
            oidcSubject: null,
          }),
        );
        await this.record(m, admin, user, 'created', { roles: user.roles });
        return view(user);
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) {
          throw DomainException.conflict('Diesen Benutzernamen gibt es schon.');
        }
        throw e;
      });
  }

  async update(id: string, dto: UpdateAccountDto, admin: Principal): Promise<AccountView> {
    const updated = await this.dataSource.transaction(async (m) => {
      const user = await this.ownAccount(m, id, admin);
      if (user.id === admin.id) {
        if (dto.active === false) {
          throw DomainException.conflict('Sie können Ihr eigenes Konto nicht sperren.');
        }
        if (dto.roles && !dto.roles.includes(Role.ADMIN)) {
          throw DomainException.conflict(
            'Sie können sich die Administration nicht selbst entziehen.',
          );
        }
      }
      const changes: Partial<StaffUser> = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName.trim();
      if (dto.email !== undefined) changes.email = dto.email?.trim().toLowerCase() || null;
      if (dto.roles !== undefined) changes.roles = dto.roles;
      if (dto.active !== undefined) changes.active = dto.active;
      // Locked, or other roles: the account's sessions end (its next sign-in carries the roles).
      const endSessions =
        dto.active === false || (dto.roles !== undefined && !sameRoles(dto.roles, user.roles));
      if (Object.keys(changes).length > 0) {
        await m.update(StaffUser, { id }, changes);
        if (endSessions) await this.endSessions(m, id);
        await this.record(m, admin, user, 'updated', {
          fields: Object.keys(changes),
          ...(changes.roles ? { roles: changes.roles } : {}),
          ...(changes.active !== undefined ? { active: changes.active } : {}),
        });
      }
      return view({ ...user, ...changes } as StaffUser);
    });
    // After the commit: this instance reads the account again on its next request.
    this.auth.forget(id);
    return updated;
  }

  async setPassword(id: string, dto: SetPasswordDto, admin: Principal): Promise<void> {
    const passwordHash = await hashPassword(dto.password);
    await this.dataSource.transaction(async (m) => {
      const user = await this.ownAccount(m, id, admin);
      await m.update(StaffUser, { id }, { passwordHash });
      await this.endSessions(m, id);
      await this.record(m, admin, user, 'password-set', {});
    });
    this.auth.forget(id);
  }

  private async endSessions(m: EntityManager, id: string) {
    // The clock that stamps the tokens (`t`) stamps their end.
    await m.update(StaffUser, { id }, { sessionsValidAfter: new Date() });
  }

  /** An account of the admin's institution, locked for the change; others do not exist for them. */
  private async ownAccount(m: EntityManager, id: string, admin: Principal): Promise<StaffUser> {
    const user = await m
      .getRepository(StaffUser)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id and u.institution_id = :inst', { id, inst: admin.institutionId })
      .getOne();
    if (!user) throw DomainException.notFound('Dieses Konto gibt es nicht.');
    return user;
  }

  private record(
    m: EntityManager,
    admin: Principal,
    user: StaffUser,
    change: string,
    detail: Record<string, unknown>,
  ) {
    return this.audit.record(
      [
        {
          action: AuditAction.ACCOUNT_CHANGED,
          actorUserId: admin.id,
          recipientInstitutionId: user.institutionId,
          detail: { accountId: user.id, change, ...detail },
        },
      ],
      m,
    );
  }
}

function sameRoles(a: Role[], b: Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

function view(u: StaffUser): AccountView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles,
    roleLabels: u.roles.map((r) => ROLE_LABELS[r] ?? r),
    active: u.active,
    hasPassword: !!u.passwordHash,
    linkedToSso: !!u.oidcSubject,
    createdAt: u.createdAt.toISOString(),
  };
}
