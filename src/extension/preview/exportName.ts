import type { ExportFormat } from '../../shared/protocol';

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
