import type { EvaluationErrorMessage, UpdateMessage } from '../src/shared/protocol';

// Which of the host's messages about a document are news and which are stale. Kept
// apart from the page's DOM so the host's tests can run what the page decides.

interface Seen {
  uri: string;
  version: number;
}

/**
 * The newest versions the page has taken, per kind. An update or an error older than
 * anything taken is dropped; so is a kept update (the last good graph sent again under
 * an error) older than the last graph taken. A kept update may be older than the error
 * it is shown under: that error is why it is kept.
 */
export class Freshness {
  private newest: Seen | null = null;
  private newestGraph: Seen | null = null;

  /** Whether to act on `message`; a message acted on is remembered. */
  take(message: UpdateMessage | EvaluationErrorMessage): boolean {
    const kept = message.type === 'update' && message.kept;
    if (isOlder(message, kept ? this.newestGraph : this.newest)) return false;
    this.newest = newer(this.newest, message);
    if (message.type === 'update') this.newestGraph = newer(this.newestGraph, message);
    return true;
  }
}

/** Older than `seen`; another document's versions do not compare. */
function isOlder(message: Seen, seen: Seen | null): boolean {
  return seen !== null && seen.uri === message.uri && message.version < seen.version;
}

function newer(seen: Seen | null, message: Seen): Seen {
  return seen !== null && seen.uri === message.uri && seen.version >= message.version ? seen : { uri: message.uri, version: message.version };
}
