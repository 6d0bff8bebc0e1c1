// Single-key shortcuts of the frame. They never fire while typing in a field.
export interface Shortcut {
  keys: string;
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '?', does: 'Show or hide this list' },
  { keys: 'b', does: 'Board of the current project' },
  { keys: 'g', does: 'Dependency graph of the current project' },
  { keys: '/', does: 'Find on the board' },
  { keys: '↑ ↓ ← →  (or k j h l)', does: 'Move focus between cards' },
  { keys: 'Alt + ← / →', does: 'Move the focused card to the next column' },
  { keys: 'm', does: 'Move the focused card to a column of your choice' },
  { keys: 'Enter', does: 'Open the focused ticket' },
  { keys: 'Esc', does: 'Close a menu, a panel or this list' },
];

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
