import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { CodeServer } from './codeServer';
import type { Workbench } from './workbench';

// The end-to-end suites' checks run in order on one window, each leaving it as the next
// expects. A check that fails and leaves the window in an unknown state makes the later
// ones fail at once, naming it; an `independent` one restores the state itself, so the
// later checks still run. A failure saves a screenshot and the server's last output.

export interface StepOptions {
  independent?: boolean;
  timeout?: number;
}

export type Step = (name: string, fn: (t: TestContext) => Promise<void>, options?: StepOptions) => void;

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

/**
 * The `step` of one suite: `shots` names its failure screenshots (`e2e-light`), and the
 * window and server are read when a check fails (they are made in `before`).
 */
export function suiteSteps(results: string, shots: string, current: () => { wb?: Workbench; server?: CodeServer }): Step {
  let broken: string | null = null;
  return (name, fn, options = {}) => {
    test(name, { timeout: options.timeout ?? 90_000 }, async (t) => {
      if (broken !== null) throw new Error(`not run: the earlier step "${broken}" failed`);
      try {
        await fn(t);
      } catch (error) {
        if (!options.independent) broken = name;
        const { wb, server } = current();
        const shot = path.join(results, `${shots}-failure-${slug(name)}.png`);
        await wb?.page.screenshot({ path: shot }).catch(() => undefined);
        const detail = server ? `\n--- code-server output (tail) ---\n${server.output().slice(-3000)}` : '';
        if (error instanceof Error) error.message += `\n(screenshot: ${shot})${detail}`;
        throw error;
      }
    });
  };
}
