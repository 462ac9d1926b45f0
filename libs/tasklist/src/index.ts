export * from './form-validation';
export * from './task-visibility';
export * from './task.dto';
export * from './tasklist.service';
export * from './tasklist.controller';
export * from './tasklist.module';
