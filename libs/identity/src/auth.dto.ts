import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { INSTITUTION_KIND_INFO, Institution } from '@lotse/institution';
import type { Principal } from './principal';
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

  static of(p: Principal, institution: Institution): UserView {
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
    };
  }
}

export class LoginResultView {
  @ApiProperty({ type: UserView }) user!: UserView;
  @ApiProperty({ description: 'Bearer-Token für API-Clients (die Seite nutzt das Cookie)' })
  token!: string;
  @ApiProperty() expiresAt!: string;
}

export class ColleagueView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
}
