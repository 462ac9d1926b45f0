import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Institution } from './institution.entity';
import { InstitutionService } from './institution.service';
import { Jba } from './jba.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Jba, Institution])],
  providers: [InstitutionService],
  exports: [InstitutionService],
})
export class InstitutionModule {}
