// Light, dark or the system's choice; remembered in localStorage.
import { shared } from '../lib/shared';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'dagboard.theme';

export const theme = shared<ThemeChoice>(readChoice());

function readChoice(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

export function applyTheme(): void {
  const choice = theme.get();
  const dark = choice === 'dark' || (choice === 'system' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.documentElement.dataset.themeChoice = choice;
}

export function chooseTheme(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  theme.set(choice);
  applyTheme();
}

systemDark.addEventListener('change', applyTheme);
