import { Suspense } from 'react';
import { NavLink, Outlet, useNavigation } from 'react-router';
import { ServerStatusBanner } from '../lib/server-connection.ts';
import { ThemeToggle } from './theme-toggle.tsx';

const nav = [
  { to: '/', label: 'Flows', end: false },
  { to: '/inspect', label: 'Inspector', end: true },
  { to: '/tenant', label: 'Tenant', end: true },
  { to: '/providers', label: 'Providers', end: true },
];

/** The app's chrome: skip link, header with navigation and theme, server status, the page. */
export function Layout() {
  const navigation = useNavigation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" end>
          OAuth Flow Playground
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    isActive || (item.to === '/' && window.location.pathname.includes('/flows/'))
                      ? 'active'
                      : ''
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <ThemeToggle />
      </header>
      <ServerStatusBanner />
      <main id="main" tabIndex={-1} aria-label="Playground" aria-busy={navigation.state === 'loading'}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
