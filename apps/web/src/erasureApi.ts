/** Löschersuchen (Art. 17 DSGVO), on the shared transport of `api.ts`. */
import { request } from './api';
import type { Ok, Schemas } from './api';

export type ErasureRequest = Schemas['ErasureRequestView'];

export const erasureApi = {
  list: (signal?: AbortSignal) =>
    request<Ok<'/erasure-requests', 'get'>>('/erasure-requests', { signal }),
  create: (body: Schemas['CreateErasureRequestDto']) =>
    request<Ok<'/erasure-requests', 'post'>>('/erasure-requests', { method: 'POST', body }),
};
