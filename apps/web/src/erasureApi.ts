/** Löschersuchen (Art. 17 DSGVO), on the shared transport of `api.ts`. */
import { request } from './api';

export interface ErasureRequest {
  id: string;
  referralId: string;
  reference: string;
  reason: string;
  state: 'carried-out' | 'deferred';
  stateLabel: string;
  /** What was done, or the duty that stands against it. */
  result: string;
  caseStatus: string;
  caseStatusLabel: string;
  requestedAt: string;
  requestedBy: string;
  carriedOutAt: string | null;
}

export const erasureApi = {
  list: (signal?: AbortSignal) => request<ErasureRequest[]>('/erasure-requests', { signal }),
  create: (body: { reference: string; reason: string }) =>
    request<ErasureRequest>('/erasure-requests', { method: 'POST', body }),
};
