import type { Workbench } from './workbench';

/**
 * The GradLens log channel's records, as the Output view shows them, read the way a user
 * would: "Output: Show Output Channels...", then GradLens. The panel area is hidden again
 * after. The view wraps long lines, so the rows are joined into records: each record
 * starts with the log's timestamp (a stack trace stays with its record).
 */
export async function readGradLensLog(wb: Workbench): Promise<string[]> {
  // The command opens a second quick pick, of channels: Workbench.runCommand would wait for it to close.
  await wb.page.keyboard.press('F1');
  const input = wb.page.locator('.quick-input-widget input.input');
  await input.fill('>Output: Show Output Channels');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Output: Show Output Channels' }).first().click();
  await wb.page.locator('.quick-input-widget input.input[placeholder="Select Output Channel"]').waitFor();
  await input.fill('GradLens');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'GradLens' }).first().click();
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await wb.page.locator('[id="workbench.panel.output"] .view-lines .view-line').first().waitFor();
  const text = await wb.page.evaluate(() => {
    const view = document.querySelector('[id="workbench.panel.output"] .view-lines');
    const rows = Array.from(view?.querySelectorAll<HTMLElement>(':scope > .view-line') ?? []);
    rows.sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top));
    return rows.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
  });
  await wb.page.keyboard.press('Control+J');
  const records: string[] = [];
  for (const row of text) {
    if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(row) || records.length === 0) records.push(row);
    else records[records.length - 1] += row;
  }
  return records;
}

/** The figures of GradLens's activation line (src/extension/activate.ts), or null if `line` is not one. */
export function parseActivation(line: string): { host: string; build: string; activateMs: number; sinceHostStartMs: number; bundleMs: number } | null {
  const m = /GradLens activated in the (.+?) extension host \((\w+) build\) in ([\d.]+) ms; activate\(\) began (\d+) ms after the extension host started; the bundle's code ran in ([\d.]+) ms/.exec(line);
  return m && { host: m[1], build: m[2], activateMs: Number(m[3]), sinceHostStartMs: Number(m[4]), bundleMs: Number(m[5]) };
}
