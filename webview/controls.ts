import { icon, type IconName } from './icons';

// The toolkit's controls as the panel builds them, for the toolbar and the step card
// alike: icon buttons that ignore clicks while disabled, and dropdowns of (value, text).

export interface IconButtonOptions {
  /** Text after the icon, for a button that says what it does (`Step`, `LR`). */
  label?: string;
}

/** A `vscode-button` with an icon (or only text), its title also its accessible name. */
export function iconButton(id: string, glyph: IconName | null, title: string, action: () => void, options: IconButtonOptions = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.id = id;
  if (glyph !== null) b.append(icon(glyph));
  if (options.label !== undefined) {
    b.append(options.label);
    b.classList.add('labelled');
  }
  b.title = title;
  b.setAttribute('aria-label', title);
  b.setAttribute('appearance', 'icon');
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) action();
  });
  return b;
}

/** A `vscode-dropdown` of `[value, text]` options, opening `below` (the toolbar) or `above` (the card). */
export function dropdown(id: string, label: string, options: string[][], position: 'below' | 'above'): HTMLElement & { value: string } {
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  d.id = id;
  d.setAttribute('aria-label', label);
  d.setAttribute('position', position);
  for (const [value, text] of options) {
    const option = document.createElement('vscode-option');
    option.setAttribute('value', value);
    option.textContent = text;
    d.append(option);
  }
  return d;
}
