/**
 * The data protection officer's endpoints (audit extract, access report), on the shared
 * transport of `api.ts`.
 */
import { API_BASE, ApiError, query, request } from './api';
import type { Ok, QueryOf, Schemas } from './api';

export type AuditRow = Schemas['AuditRowView'];

/** The audit filters (page and download format are set by the calls below). */
export type AuditFilter = Omit<
  QueryOf<'DataProtectionController_audit'>,
  'format' | 'page' | 'pageSize'
>;

export type StaffRef = Schemas['StaffRefView'];

export type AccessReportCase = Schemas['AccessReportCaseView'];

export type AccessReport = Schemas['AccessReportView'];

export type AccessReportSearch = Omit<Schemas['AccessReportQuery'], 'format'>;

export const dataProtectionApi = {
  audit: (filter: AuditFilter & { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    request<Ok<'/data-protection/audit', 'get'>>(`/data-protection/audit${query(filter)}`, {
      signal,
    }),
  /** A same-origin link: the browser downloads it with the session cookie. */
  auditDownloadUrl: (filter: AuditFilter, format: 'csv' | 'json') =>
    `${API_BASE}/data-protection/audit${query({ ...filter, format })}`,
  /** POST: name and date of birth never go into a URL. */
  accessReport: (search: AccessReportSearch, format?: 'json') =>
    request<Ok<'/data-protection/access-report', 'post'>>('/data-protection/access-report', {
      method: 'POST',
      body: { ...search, ...(format ? { format } : {}) },
    }),
  /** The access report as PDF (printable), as bytes for a download. */
  accessReportPdf: async (search: AccessReportSearch): Promise<Blob> => {
    const response = await fetch(`${API_BASE}/data-protection/access-report`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/pdf' },
      body: JSON.stringify({ ...search, format: 'pdf' }),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      throw new ApiError(response.status, {
        statusCode: response.status,
        code: String(response.status),
        message: body?.message ?? 'Die Auskunft konnte nicht als PDF erstellt werden.',
      });
    }
    return response.blob();
  },
};

/** Saves a blob as a file (an object URL and a `download` link; no inline script). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
