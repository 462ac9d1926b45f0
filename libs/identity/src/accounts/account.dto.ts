import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role, ROLES } from '../role';

export const MIN_PASSWORD_LENGTH = 12;

const ROLE_LIST = ROLES.join(', ');

class AccountFields {
  @ApiProperty({ example: 'Maria Beispiel' })
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  displayName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'maria.beispiel@jc.example' })
  @IsOptional()
  @IsEmail({}, { message: '$property muss eine E-Mail-Adresse sein' })
  @MaxLength(254, { message: '$property darf höchstens 254 Zeichen lang sein' })
  email?: string | null;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMinSize(1, { message: '$property: mindestens eine Rolle' })
  @ArrayMaxSize(ROLES.length, { message: `$property: höchstens ${ROLES.length} Rollen` })
  @ArrayUnique({ message: '$property: jede Rolle nur einmal' })
  @IsIn(ROLES, { each: true, message: `$property: erlaubt sind ${ROLE_LIST}` })
  roles!: Role[];
}

export function PasswordRules() {
  return (target: object, key: string) => {
    IsString({ message: '$property muss ein Text sein' })(target, key);
    MinLength(MIN_PASSWORD_LENGTH, {
      message: `$property muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein`,
    })(target, key);
    MaxLength(256, { message: '$property darf höchstens 256 Zeichen lang sein' })(target, key);
  };
}

export class CreateAccountDto extends AccountFields {
  @ApiProperty({ example: 'm.beispiel', description: 'Kleinbuchstaben, Ziffern, . _ -' })
  @IsString({ message: '$property muss ein Text sein' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    message:
      '$property: 3–64 Zeichen, Kleinbuchstaben, Ziffern, Punkt, Unterstrich oder Bindestrich',
  })
  username!: string;

  @ApiPropertyOptional({
    description: `Mindestens ${MIN_PASSWORD_LENGTH} Zeichen; ohne Passwort nur Anmeldung über Single Sign-On`,
  })
  @IsOptional()
  @PasswordRules()
  password?: string;
}

export class UpdateAccountDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '$property muss ein Text sein' })
  @MinLength(1, { message: '$property fehlt' })
  @MaxLength(200, { message: '$property darf höchstens 200 Zeichen lang sein' })
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: '$property muss eine E-Mail-Adresse sein' })
  @MaxLength(254, { message: '$property darf höchstens 254 Zeichen lang sein' })
  email?: string | null;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray({ message: '$property muss eine Liste sein' })
  @ArrayMinSize(1, { message: '$property: mindestens eine Rolle' })
  @ArrayUnique({ message: '$property: jede Rolle nur einmal' })
  @IsIn(ROLES, { each: true, message: `$property: erlaubt sind ${ROLE_LIST}` })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false sperrt das Konto' })
  @IsOptional()
  @IsBoolean({ message: '$property muss true oder false sein' })
  active?: boolean;
}

export class SetPasswordDto {
  @ApiProperty({ description: `Mindestens ${MIN_PASSWORD_LENGTH} Zeichen` })
  @PasswordRules()
  password!: string;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String] }) roleLabels!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Mit Passwort anmeldbar' }) hasPassword!: boolean;
  @ApiProperty({ description: 'Mit Single Sign-On verknüpft' }) linkedToSso!: boolean;
  @ApiProperty() createdAt!: string;
}
