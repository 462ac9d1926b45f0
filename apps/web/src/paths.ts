/** Addresses of the app's pages. */

export function conferencePath(conferenceId: string): string {
  return `/konferenzen/${encodeURIComponent(conferenceId)}`;
}
