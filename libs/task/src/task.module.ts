import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FormDefinition, ProcessDefinition } from './deployed-model.entity';
import { ModelCatalog } from './model-catalog.service';
import { TaskFeed } from './task-feed.service';
import { TaskProjectionService } from './task-projection.service';
import { TaskMetrics } from './task.metrics';
import { UserTask } from './user-task.entity';

export const TASK_ENTITIES = [UserTask, ProcessDefinition, FormDefinition];

@Module({
  imports: [TypeOrmModule.forFeature(TASK_ENTITIES)],
  providers: [ModelCatalog, TaskProjectionService],
  exports: [ModelCatalog, TaskProjectionService],
})
export class TaskModule {}

/** The consumer of the engine's task events, for the worker app. */
@Module({
  imports: [TaskModule],
  providers: [TaskFeed, TaskMetrics],
  exports: [TaskFeed],
})
export class TaskFeedModule {}
