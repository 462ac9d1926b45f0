/**
 * The data protection officer's endpoints (audit extract, access report), on the shared
 * transport of `api.ts`.
 */
import { API_BASE, ApiError, request } from './api';
import type { Page } from './api';

export interface AuditRow {
  id: string;
  at: string;
  action: string;
  actionLabel: string;
  actor: { id: string; username: string; displayName: string } | null;
  institution: { id: string; name: string } | null;
  case: { id: string; reference: string } | null;
  consent: { id: string; signedOn: string } | null;
  details: string;
}

export interface AuditFilter {
  case?: string;
  staff?: string;
  /** YYYY-MM-DD */
  from?: string;
  to?: string;
}

export interface StaffRef {
  id: string;
  username: string;
  displayName: string;
}

export interface AccessReportCase {
  id: string;
  reference: string;
  status: string;
  statusLabel: string;
  statusReason: string | null;
  outcome: string | null;
  referredOn: string;
  receivedAt: string;
  referringInstitution: { id: string; name: string };
  referredBy: StaffRef | null;
  shortDescription: string;
  youngPersonAttends: boolean;
  guardianAttends: boolean;
  consents: Array<{
    id: string;
    grantedByLabel: string;
    signedOn: string;
    guardianNames: string[];
    recipients: Array<{ id: string; name: string }>;
    purposeLabels: string[];
    recordedAt: string;
    recordedBy: StaffRef | null;
    revokedAt: string | null;
    valid: boolean;
    validity: string;
  }>;
  protocols: Array<{
    id: string;
    conferenceStartsAt: string | null;
    state: string;
    versions: Array<{
      version: number;
      finalizedAt: string;
      finalizedByName: string;
      correctionReason: string | null;
      situation: string;
      goals: string[];
      measures: Array<{ title: string; institution: string; dueOn: string }>;
      deliveries: Array<{ institution: string; status: string; detail: string; at: string }>;
      downloads: Array<{ at: string; institution: string; user: string }>;
    }>;
  }>;
  mails: Array<{
    id: string;
    createdAt: string;
    sentAt: string | null;
    templateLabel: string;
    recipient: string;
    statusLabel: string;
  }>;
  disclosures: AuditRow[];
}

export interface AccessReport {
  generatedAt: string;
  generatedBy: StaffRef;
  jba: { id: string; name: string };
  person: { firstName: string; lastName: string; birthDate: string };
  personalData: Array<{
    id: string;
    recordedAt: string;
    caseReferences: string[];
    fields: Array<{ label: string; value: string }>;
  }>;
  cases: AccessReportCase[];
}

export interface AccessReportSearch {
  case?: string;
  firstName?: string;
  lastName?: string;
  birthDate?: string;
}

function query(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const dataProtectionApi = {
  audit: (filter: AuditFilter & { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    request<Page<AuditRow>>(`/data-protection/audit${query(filter)}`, { signal }),
  /** A same-origin link: the browser downloads it with the session cookie. */
  auditDownloadUrl: (filter: AuditFilter, format: 'csv' | 'json') =>
    `${API_BASE}/data-protection/audit${query({ ...filter, format })}`,
  /** POST: name and date of birth never go into a URL. */
  accessReport: (search: AccessReportSearch, format?: 'json') =>
    request<AccessReport>('/data-protection/access-report', {
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
