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

/**
 * Ids of the elements that carry `<camunda:property name="<name>" value="<value>"/>`: designers
 * mark wait states and end events with the case status they stand for.
 */
export function elementsWithProperty(xml: string, name: string, value: string): string[] {
  const ids: string[] = [];
  // The owner of a property is the nearest element before it that has an id (properties sit in
  // the element's extensionElements, its first child).
  const starts = [...xml.matchAll(/<bpmn:\w+\b[^>]*?\bid="([^"]+)"/g)].map((m) => ({
    at: m.index ?? 0,
    id: m[1],
  }));
  for (const p of xml.matchAll(/<camunda:property\b[^>]*?\/?>/g)) {
    const n = /\bname="([^"]*)"/.exec(p[0])?.[1];
    const v = /\bvalue="([^"]*)"/.exec(p[0])?.[1];
    if (
      n !== name ||
      v === undefined ||
      !v
        .split(',')
        .map((x) => x.trim())
        .includes(value)
    )
      continue;
    const owner = starts.filter((s) => s.at < (p.index ?? 0)).pop();
    if (owner && !ids.includes(owner.id)) ids.push(owner.id);
  }
  return ids;
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
