export * from './engine-client';
export * from './engine.module';
export * from './deployment.service';
export * from './bpmn-model';
export * from './external-task.types';
export * from './external-task.decorator';
export * from './external-task-registry.service';
export * from './external-task-workers.module';
