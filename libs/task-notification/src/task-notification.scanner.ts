import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { TaskNotifier } from './task-notifier.service';

/** How often the worker looks for new group tasks and assignments to announce. */
export const ANNOUNCE_INTERVAL_MS = 2000;

/**
 * Runs `TaskNotifier.announce()` every few seconds in the worker, so an immediate mail never
 * waits for the hourly run. Any number of workers may run it: the notice rows are unique.
 */
@Injectable()
export class TaskNotificationScanner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskNotifications');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failing = false;

  constructor(private readonly notifier: TaskNotifier) {}

  onApplicationBootstrap() {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown() {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run() {
    while (this.running) {
      try {
        await this.notifier.announce();
        if (this.failing) this.logger.log({ msg: 'task notifications work again' });
        this.failing = false;
      } catch (e) {
        if (!this.failing) {
          this.logger.warn({
            msg: 'task notifications could not be checked',
            error: (e as Error).message,
          });
        }
        this.failing = true;
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ANNOUNCE_INTERVAL_MS);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
