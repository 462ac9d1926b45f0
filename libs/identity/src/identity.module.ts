import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authConfig, AuthConfig } from '@lotse/common';
import { AuditModule } from '@lotse/audit';
import { InstitutionModule } from '@lotse/institution';
import { AuthGuard } from './auth.guard';
import { AccountService } from './accounts/account.service';
import { AuthService } from './auth.service';
import { JbaSettingsService } from './jba-settings/jba-settings.service';
import { LoginThrottle } from './login-throttle.service';
import { OidcService } from './oidc/oidc.service';
import { StaffUser } from './staff-user.entity';
import { UserDirectory } from './user-directory.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffUser]),
    InstitutionModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        // A KeyObject: jsonwebtoken would otherwise try to parse the string as a public key on every request.
        secret: createSecretKey(Buffer.from(config.sessionSecret)) as never,
        signOptions: { algorithm: 'HS256', issuer: 'lotse' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'lotse' },
      }),
    }),
  ],
  providers: [
    AuthService,
    AccountService,
    JbaSettingsService,
    LoginThrottle,
    OidcService,
    UserDirectory,
  ],
  exports: [
    AuthService,
    AccountService,
    JbaSettingsService,
    OidcService,
    UserDirectory,
    InstitutionModule,
  ],
})
export class IdentityModule {}

/** For the API: every route requires a signed-in user unless it is @Public(). */
@Module({
  imports: [IdentityModule],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
  exports: [IdentityModule],
})
export class ApiAuthModule {}
