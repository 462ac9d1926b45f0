export * from './user-task.entity';
export * from './deployed-model.entity';
export * from './bpmn-names';
export * from './model-catalog.service';
export * from './task-projection.service';
export * from './task-feed.service';
export * from './task.module';
export * from './task-form-handler';
