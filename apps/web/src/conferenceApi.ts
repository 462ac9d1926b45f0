/**
 * Conference calls of the planning and selection screens (date warnings, calendar address), on
 * the shared transport of `api.ts`.
 */
import { API_BASE, request } from './api';
import type { Ok, Schemas } from './api';

export type ConferenceWarning = Schemas['ConferenceWarningView'];

export type ConferenceDateCheck = Schemas['ConferenceDateCheckDto'];

/** One case of *Fälle auswählen* (the form data's `candidates`, see select-cases.handler.ts). */
export interface CaseCandidate {
  id: string;
  /** Place in the order of receipt (oldest first). */
  position: number | null;
  referenceNumber: string;
  /** YYYY-MM-DD */
  referredOn: string;
  referrer: string;
  /** YYYY-MM-DD */
  waitingSince: string;
  carriedOverCount: number;
  /** Only where the consent names the viewer's institution. */
  name: string | null;
  shortDescription: string | null;
}

export const conferenceApi = {
  /** Warnings on a date (same time and place, weekend, holiday); nothing is saved. */
  checkDate: (check: ConferenceDateCheck) =>
    request<Ok<'/conferences/date-check', 'post'>>('/conferences/date-check', {
      method: 'POST',
      body: check,
    }),
};

/** The address to subscribe to a JBA's dates in a calendar program (public, no sign-in). */
export function calendarSubscriptionUrl(jbaId: string): string {
  return `${window.location.origin}${API_BASE}/public/jbas/${encodeURIComponent(jbaId)}/conferences.ics`;
}
