export * from './institution-kind';
export * from './jba.entity';
export * from './institution.entity';
export * from './institution.service';
export * from './institution.dto';
export * from './institution.controller';
export * from './institution.module';
export * from './demo-seed';
