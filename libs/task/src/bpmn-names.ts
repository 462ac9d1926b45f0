/** Element id → name of a BPMN XML (for task names; the engine's jobs carry only ids). */
export function elementNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of xml.matchAll(/<bpmn:(\w+)\b([^>]*?)\/?>/g)) {
    const attrs = m[2];
    const id = /\bid="([^"]+)"/.exec(attrs)?.[1];
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    if (id && name !== undefined) names.set(id, decodeXml(name));
  }
  return names;
}

function decodeXml(s: string): string {
  return s
    .replace(/&#10;/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
