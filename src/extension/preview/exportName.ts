import type { ExportFormat, SaveMessage } from '../../shared/protocol';

// The webview proposes a file name for an export. A webview is a web page, so the name
// is treated as untrusted text: it becomes one plain file name in the document's folder,
// never a path that climbs out of it.

const RESERVED = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;

export function exportFileName(suggested: string, format: ExportFormat): string {
  const lastSegment = suggested.split(/[/\\]/).pop() ?? '';
  const extension = `.${format}`;
  let name = lastSegment.replace(RESERVED, '_');
  if (name.toLowerCase().endsWith(extension)) name = name.slice(0, -extension.length);
  // Leading dots would hide the file; trailing dots and spaces are dropped by Windows.
  name = name.replace(/^[\s.]+|[\s.]+$/g, '').slice(0, 120);
  return `${name === '' ? 'graph' : name}${extension}`;
}

/**
 * The bytes to write: a chart's PNG comes as base64 (messages carry text), the other
 * formats as the text itself. Malformed base64 throws, and nothing is written.
 */
export function exportBytes(message: SaveMessage): Uint8Array {
  if (message.format !== 'png') return new TextEncoder().encode(message.content);
  const binary = atob(message.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
