/** The signed-in user's notification settings (`/me/notification-settings`), on `api.ts`'s transport. */
import { request } from './api';
import type { Ok, Schemas } from './api';

export type NotificationSettings = Schemas['NotificationSettingsView'];
export type TaskNotificationDelivery = Schemas['TaskNotificationDelivery'];

export const notificationSettingsApi = {
  get: (signal?: AbortSignal) =>
    request<Ok<'/me/notification-settings', 'get'>>('/me/notification-settings', { signal }),
  update: (body: Schemas['UpdateNotificationSettingsDto']) =>
    request<Ok<'/me/notification-settings', 'put'>>('/me/notification-settings', {
      method: 'PUT',
      body,
    }),
};
