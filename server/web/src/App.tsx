// The frame around every page: project switcher, navigation, connection state, theme, shortcuts.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Api, ApiError } from './api/client';
import type { Project } from './api/types';
import { BoardPage } from './board/BoardPage';
import { TicketPage } from './ticket/TicketPage';
import { ConnectionIndicator } from './app/ConnectionIndicator';
import { ErrorNotice } from './app/ErrorNotice';
import { Link } from './app/Link';
import { navigate, pagePath, useLocation, type Page } from './app/route';
import { ShortcutHelp } from './app/ShortcutHelp';
import { isTyping } from './app/shortcuts';
import { useShared } from './lib/shared';
import { chooseTheme, theme, type ThemeChoice } from './app/theme';
import { forgetToken, storeToken, storedToken } from './app/token';
import { TokenScreen } from './app/TokenScreen';

const GraphPage = lazy(() => import('./graph/GraphPage'));

type Auth = { state: 'checking' } | { state: 'ok'; projects: Project[] } | { state: 'needs-token'; problem: string | null } | { state: 'error'; error: ApiError };

export function App() {
  const [token, setToken] = useState(storedToken);
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const [attempt, setAttempt] = useState(0);
  const signedIn = useRef(false); // a 401 while signing in is answered by the token screen itself
  const signOut = useCallback((problem: string | null) => {
    if (!signedIn.current) return;
    signedIn.current = false;
    forgetToken();
    setToken(null);
    setAuth({ state: 'needs-token', problem });
  }, []);
  const api = useMemo(() => new Api(token, (e) => signOut(e.message)), [token, signOut]);
  const onUnauthorized = useCallback(() => signOut('The token was refused or has expired.'), [signOut]);

  useEffect(() => {
    let live = true;
    api
      .get<{ projects: Project[] }>('/projects', { limit: 200 })
      .then((r) => {
        if (!live) return;
        signedIn.current = true;
        setAuth({ state: 'ok', projects: r.projects });
      })
      .catch((e: ApiError) => {
        if (!live) return;
        if (e.status === 401) {
          if (token) forgetToken();
          setAuth({ state: 'needs-token', problem: token ? `That token was refused: ${e.message}` : null });
        }
        else setAuth({ state: 'error', error: e });
      });
    return () => {
      live = false;
    };
  }, [api, token, attempt]);

  if (auth.state === 'checking') return <p className="page-status" role="status">Connecting to dagboard…</p>;
  if (auth.state === 'needs-token')
    return (
      <TokenScreen
        problem={auth.problem}
        onToken={(t) => {
          storeToken(t);
          setToken(t);
          setAuth({ state: 'checking' });
        }}
      />
    );
  if (auth.state === 'error') return <ErrorNotice error={auth.error} what="dagboard" onRetry={() => setAttempt(attempt + 1)} />;
  return <Frame api={api} projects={auth.projects} onUnauthorized={onUnauthorized} />;
}

function projectOf(page: Page): string | null {
  return page.name === 'board' || page.name === 'graph' ? page.project : null;
}

function Frame({ api, projects, onUnauthorized }: { api: Api; projects: Project[]; onUnauthorized(): void }) {
  const { page } = useLocation();
  const [help, setHelp] = useState(false);
  const choice = useShared(theme);
  const project = projectOf(page);
  const known = projects.find((p) => p.key === project || p.id === project);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'Escape') setHelp(false);
      else if (e.key === 'b' && project) navigate(pagePath({ name: 'board', project }));
      else if (e.key === 'g' && project) navigate(pagePath({ name: 'graph', project }));
      else if (e.key === '/' && page.name === 'board') window.dispatchEvent(new Event('dagboard:focus-filter'));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [project, page.name]);

  useEffect(() => {
    document.title = project ? `${project} · ${page.name} · dagboard` : 'dagboard';
  }, [project, page.name]);

  return (
    <div className="frame">
      <header className="topbar">
        <Link to="/" className="brand">
          dagboard
        </Link>
        <label className="switcher">
          <span className="sr-only">Project</span>
          <select
            name="project"
            value={known?.key ?? ''}
            onChange={(e) => navigate(pagePath({ name: page.name === 'graph' ? 'graph' : 'board', project: e.target.value }))}
          >
            <option value="" disabled>
              Choose a project…
            </option>
            {projects.map((p) => (
              <option key={p.id} value={p.key}>
                {p.key} — {p.name}
              </option>
            ))}
          </select>
        </label>
        {project && (
          <nav className="tabs" aria-label="Views">
            <Link to={pagePath({ name: 'board', project })} current={page.name === 'board'}>
              Board
            </Link>
            <Link to={pagePath({ name: 'graph', project })} current={page.name === 'graph'}>
              Graph
            </Link>
          </nav>
        )}
        <span className="spacer" />
        <ConnectionIndicator />
        <label className="theme">
          <span className="sr-only">Theme</span>
          <select name="theme" value={choice} onChange={(e) => chooseTheme(e.target.value as ThemeChoice)}>
            <option value="system">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <button type="button" className="icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
          ?
        </button>
      </header>
      <main className="page">
        {page.name === 'home' && <Home projects={projects} />}
        {page.name === 'board' && <BoardPage key={page.project} api={api} project={page.project} onUnauthorized={onUnauthorized} />}
        {page.name === 'graph' && (
          <Suspense fallback={<p className="page-status">Loading the graph view…</p>}>
            <GraphPage key={page.project} api={api} project={page.project} onUnauthorized={onUnauthorized} />
          </Suspense>
        )}
        {page.name === 'ticket' && <TicketPage api={api} ticketKey={page.key} projects={projects} />}
        {page.name === 'missing' && (
          <div className="page-status">
            <p>There is no page at {page.path}.</p>
            <Link to="/">All projects</Link>
          </div>
        )}
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

function Home({ projects }: { projects: Project[] }) {
  if (projects.length === 0)
    return (
      <div className="page-status">
        <p>No projects yet. Create one through the API (POST /api/v1/projects) or the Python module.</p>
      </div>
    );
  return (
    <section className="home">
      <h1>Projects</h1>
      <ul className="project-list">
        {projects.map((p) => (
          <li key={p.id} data-project-key={p.key}>
            <Link to={pagePath({ name: 'board', project: p.key })}>
              <strong>{p.key}</strong> {p.name}
            </Link>
            {p.description && <p className="muted">{p.description}</p>}
            <p>
              <Link to={pagePath({ name: 'graph', project: p.key })}>Dependency graph</Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
