import { useSyncExternalStore } from 'react';

/** The user's choice: follow the system, or force light or dark (stored in localStorage). */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'oauth-playground:theme';
const listeners = new Set<() => void>();

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** `data-theme` on <html> forces a theme; its absence follows the system (theme.css). */
export function applyStoredTheme(choice: ThemeChoice = storedTheme()): void {
  const html = document.documentElement;
  if (choice === 'system') html.removeAttribute('data-theme');
  else html.setAttribute('data-theme', choice);
}

export function setTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyStoredTheme(choice);
  for (const listener of listeners) listener();
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, storedTheme);
}
