import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { INSTITUTION_KIND_INFO, Institution } from '@lotse/institution';
import { PasswordRules } from './accounts/account.dto';
import type { SessionPrincipal } from './auth.service';
import { Role, ROLES } from './role';

export class LoginDto {
  @ApiProperty({ example: 'jc.sachbearbeitung' })
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  username!: string;

  @ApiProperty({ example: 'lotse-demo' })
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(500, { message: '$property darf höchstens 500 Zeichen lang sein' })
  password!: string;

  @ApiPropertyOptional({
    enum: ['cookie', 'bearer'],
    description:
      '`bearer`: die Antwort enthält das Token (für API-Clients); sonst nur das Sitzungs-Cookie',
  })
  @IsOptional()
  @IsIn(['cookie', 'bearer'], { message: '$property: erlaubt sind cookie, bearer' })
  tokenType?: 'cookie' | 'bearer';
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(500, { message: '$property darf höchstens 500 Zeichen lang sein' })
  currentPassword!: string;

  @ApiProperty({ description: 'Mindestens 12 Zeichen' })
  @PasswordRules()
  newPassword!: string;
}

export class UserInstitutionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() kindLabel!: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ format: 'uuid' }) jbaId!: string;
  @ApiProperty({ type: UserInstitutionView }) institution!: UserInstitutionView;
  @ApiProperty({ description: 'true: erst ein neues Passwort festlegen (alles andere: 403)' })
  mustChangePassword!: boolean;

  static of(p: SessionPrincipal, institution: Institution): UserView {
    return {
      id: p.id,
      username: p.username,
      displayName: p.displayName,
      roles: p.roles,
      jbaId: p.jbaId,
      institution: {
        id: institution.id,
        name: institution.name,
        kind: institution.kind,
        kindLabel: INSTITUTION_KIND_INFO[institution.kind].label,
      },
      mustChangePassword: p.mustChangePassword,
    };
  }
}

export class LoginResultView {
  @ApiProperty({ type: UserView }) user!: UserView;
  @ApiPropertyOptional({
    description: 'Bearer-Token, nur mit `tokenType: "bearer"` (die Seite nutzt das Cookie)',
  })
  token?: string;
  @ApiProperty() expiresAt!: string;
}

export class ColleagueView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
}

/** `GET /auth/config`: which sign-in the page offers. */
export class AuthConfigView {
  @ApiProperty({ description: 'Anmeldung über OpenID Connect (SSO) möglich' }) oidc!: boolean;
  @ApiProperty({ description: 'Anmeldung mit Benutzername und Passwort möglich' })
  localLogin!: boolean;
}
