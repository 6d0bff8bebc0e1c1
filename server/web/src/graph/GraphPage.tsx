// The dependency graph of a project, live: waves left to right, status colours, the ready set
// ("can start now"), the critical path, tickets collapsible, completed tasks hideable, one task's
// neighbourhood, search, export — drawn on a canvas, with an outline that lists the same nodes.
import { useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Api } from '../api/client';
import { ErrorNotice } from '../app/ErrorNotice';
import { Link } from '../app/Link';
import { pagePath, setParams, useLocation } from '../app/route';
import { useShared } from '../lib/shared';
import { theme } from '../app/theme';
import { useLiveProject } from '../live/useLiveProject';
import { GraphCanvas, type View } from './GraphCanvas';
import { buildScene, type Model, type Scene } from './model';
import { GraphStore } from './store';
import { TicketPanel } from '../ticket/TicketPanel';

interface Props {
  api: Api;
  project: string;
  onUnauthorized(): void;
}

export default function GraphPage({ api, project, onUnauthorized }: Props) {
  const store = useMemo(() => new GraphStore(api, project), [api, project]);
  useEffect(() => () => store.dispose(), [store]);
  useLiveProject(api, project, store, onUnauthorized);
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const { params } = useLocation();
  const hideDone = params.get('done') === 'hide';
  const focus = params.get('focus');
  const scope = params.get('scope');
  const selected = params.get('task');
  const collapsedText = params.get('collapsed') ?? '';
  const collapsed = useMemo(() => new Set(collapsedText.split(',').filter(Boolean)), [collapsedText]);

  const scene = useMemo(
    () => (state.model ? buildScene(state.model, { hideDone, collapsed, focus, ticket: scope }) : null),
    [state.model, hideDone, collapsed, focus, scope],
  );

  if (state.error && !state.model) return <ErrorNotice error={state.error} what={`the graph of ${project}`} onRetry={() => void store.load()} />;
  if (!state.model || !scene) return <p className="page-status" role="status">Loading the graph of {project}…</p>;
  return <GraphView api={api} store={store} model={state.model} scene={scene} selected={selected} params={params} collapsed={collapsed} project={project} />;
}

interface ViewProps {
  api: Api;
  store: GraphStore;
  model: Model;
  scene: Scene;
  selected: string | null;
  params: URLSearchParams;
  collapsed: ReadonlySet<string>;
  project: string;
}

function GraphView({ api, store, model, scene, selected, params, collapsed, project }: ViewProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const graph = useRef<GraphCanvas | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<string | null>(null);
  const choice = useShared(theme);
  const first = useRef(true);
  // The outline (one element per node) renders after the canvas has painted, not before it.
  const outlineScene = useDeferredValue(scene, null);

  useEffect(() => {
    let timer = 0;
    const onView = (v: View) => {
      // The view lives in the URL, written after the movement settles.
      clearTimeout(timer);
      timer = window.setTimeout(() => setParams({ z: v.scale.toFixed(3), x: v.x.toFixed(0), y: v.y.toFixed(0) }), 250);
    };
    graph.current = new GraphCanvas(canvasRef.current!, (id) => setParams({ task: id }, { replace: false }), onView);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    const g = graph.current!;
    g.setScene(scene, selected);
    if (first.current) {
      first.current = false;
      const z = Number(params.get('z'));
      if (z > 0) g.setView({ scale: z, x: Number(params.get('x')), y: Number(params.get('y')) });
      else g.fit();
      requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('dagboard:graph-painted')));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scene]);

  useEffect(() => graph.current?.setSelected(selected), [selected]);
  useEffect(() => graph.current?.readColors(), [choice]);
  useEffect(() => {
    (window as unknown as { dagboardGraph?: GraphCanvas }).dagboardGraph = graph.current ?? undefined; // for the browser benchmark
  }, []);

  const select = (id: string, center = true) => {
    setParams({ task: id }, { replace: false });
    if (center) graph.current?.centerOn(id);
  };

  const search = () => {
    const q = query.trim().toLowerCase();
    if (!q) return;
    const hit = scene.nodes.find((n) => n.label.toLowerCase().includes(q) || n.ticketKey.toLowerCase() === q || n.id.startsWith(q));
    setFound(hit ? hit.id : '');
    if (hit) select(hit.id);
  };

  const download = async (format: 'dot' | 'mermaid') => {
    const text = await store.exportText(format);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    a.download = `${project}.${format === 'dot' ? 'dot' : 'mmd'}`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const tickets = [...new Set(scene.nodes.map((n) => n.ticketKey))];
  const allTicketKeys = [...model.tickets.values()].map((t) => t.key);
  const readyCount = scene.nodes.filter((n) => n.ready).length;
  const task = selected ? model.tasks.get(selected) : undefined;

  return (
    <div className="graph-page">
      <div className="graph-tools" role="toolbar" aria-label="Graph tools">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <label>
            <span className="sr-only">Find a task</span>
            <input name="find" type="search" placeholder="Find a task or ticket" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <button type="submit">Find</button>
          {found === '' && <span className="muted"> no match</span>}
        </form>
        <label className="check">
          <input type="checkbox" name="hide-done" checked={params.get('done') === 'hide'} onChange={(e) => setParams({ done: e.target.checked ? 'hide' : null })} />
          Hide completed
        </label>
        <label>
          <span className="sr-only">Ticket</span>
          <select name="scope" value={params.get('scope') ?? ''} onChange={(e) => setParams({ scope: e.target.value, task: null })}>
            <option value="">Every ticket</option>
            {allTicketKeys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setParams({ collapsed: collapsed.size ? null : tickets.join(',') })}>
          {collapsed.size ? 'Expand tickets' : 'Collapse tickets'}
        </button>
        {params.get('focus') && (
          <button type="button" onClick={() => setParams({ focus: null })}>
            Show everything
          </button>
        )}
        <span className="zoom">
          <button type="button" aria-label="Zoom out" onClick={() => graph.current?.zoomBy(0.8)}>
            −
          </button>
          <button type="button" aria-label="Zoom in" onClick={() => graph.current?.zoomBy(1.25)}>
            +
          </button>
          <button type="button" onClick={() => graph.current?.fit()}>
            Fit
          </button>
        </span>
        <span className="export">
          Export <button type="button" onClick={() => void download('dot')}>DOT</button>{' '}
          <button type="button" onClick={() => void download('mermaid')}>Mermaid</button>
        </span>
      </div>
      <p className="graph-summary" data-summary>
        {scene.nodes.length} nodes in {scene.waves} waves · <span className="legend-ready">{readyCount} can start now</span> ·{' '}
        <span className="legend-critical">critical path of {model.critical.size}</span>
      </p>
      <div className="graph-body">
        <canvas
          ref={canvasRef}
          className="graph-canvas"
          tabIndex={0}
          data-nodes={scene.nodes.length}
          aria-label="Dependency graph. Drag to pan, wheel or + and − to zoom, 0 to fit, arrows to pan; the outline beside it lists the same tasks."
        />
        {outlineScene ? (
          <Outline scene={outlineScene} selected={selected} collapsed={collapsed} onSelect={select} />
        ) : (
          <nav className="outline" aria-label="Graph outline" aria-busy="true" />
        )}
        {task && (
          <aside className="panel graph-panel" aria-label={`Task ${task.label}`}>
            <header className="panel-head">
              <h2>{task.label}</h2>
              <button type="button" className="icon" aria-label="Close the task panel" onClick={() => setParams({ task: null })}>
                ✕
              </button>
            </header>
            <dl className="fields">
              <dt>Status</dt>
              <dd data-field="status">{task.status}</dd>
              <dt>Ticket</dt>
              <dd>
                <button type="button" className="link" onClick={() => setParams({ ticket: model.tickets.get(task.ticket_id)?.key ?? null, task: null })}>
                  {model.tickets.get(task.ticket_id)?.key}
                </button>{' '}
                <Link to={`${pagePath({ name: 'board', project })}?ticket=${model.tickets.get(task.ticket_id)?.key ?? ''}`}>on the board</Link>
              </dd>
              <dt>Wave</dt>
              <dd>{task.wave === null ? '—' : task.wave + 1}</dd>
              <dt>Slack</dt>
              <dd data-field="slack">{task.slack === null ? '—' : task.slack === 0 ? '0 (on the critical path)' : task.slack}</dd>
              <dt>Can start now</dt>
              <dd data-field="ready">{task.ready ? 'yes' : 'no'}</dd>
            </dl>
            <h3>Depends on</h3>
            <TaskLinks ids={model.dependsOn.get(task.id) ?? []} model={model} onSelect={select} />
            <h3>Blocks</h3>
            <TaskLinks ids={model.dependents.get(task.id) ?? []} model={model} onSelect={select} />
            <button type="button" onClick={() => setParams({ focus: task.id })}>
              Focus on its neighbourhood
            </button>
          </aside>
        )}
        {params.get('ticket') && <TicketPanel api={api} ticketKey={params.get('ticket')!} onClose={() => setParams({ ticket: null })} />}
      </div>
    </div>
  );
}

function TaskLinks({ ids, model, onSelect }: { ids: string[]; model: Model; onSelect(id: string): void }) {
  if (ids.length === 0) return <p className="muted">None.</p>;
  return (
    <ul className="task-list">
      {ids.map((id) => (
        <li key={id}>
          <button type="button" className="link" onClick={() => onSelect(id)}>
            {model.tasks.get(id)?.label ?? id}
          </button>{' '}
          <span className={`status status-${model.tasks.get(id)?.status}`}>{model.tasks.get(id)?.status}</span>
        </li>
      ))}
    </ul>
  );
}

// The accessible twin of the canvas: every node, wave by wave, walkable with the arrow keys.
function Outline({ scene, selected, collapsed, onSelect }: { scene: Scene; selected: string | null; collapsed: ReadonlySet<string>; onSelect(id: string, center?: boolean): void }) {
  const byWave: number[][] = [];
  scene.nodes.forEach((n, i) => (byWave[n.wave] ??= []).push(i));
  const onKeyDown = (e: React.KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('[data-task-id]'));
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = items[Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    e.preventDefault();
  };
  return (
    <nav className="outline" aria-label="Graph outline" onKeyDown={onKeyDown}>
      {byWave.map((wave, w) =>
        wave ? (
          <section key={w}>
            <h3>Wave {w + 1}</h3>
            <ul>
              {wave
                .map((i) => scene.nodes[i])
                .sort((a, b) => a.y - b.y)
                .map((n) => (
                  <li key={n.id}>
                    <button
                      type="button"
                      data-task-id={n.id}
                      data-status={n.status}
                      data-ready={n.ready}
                      aria-current={n.id === selected}
                      className={'outline-item' + (n.id === selected ? ' selected' : '')}
                      onFocus={() => n.kind === 'task' && onSelect(n.id)}
                      onClick={() => (n.kind === 'group' ? setParams({ collapsed: [...collapsed].filter((k) => k !== n.ticketKey).join(',') }) : onSelect(n.id))}
                    >
                      <span className={`status status-${n.status}`}>{n.kind === 'group' ? `${n.count} tasks` : n.status}</span> {n.ticketKey} · {n.label}
                      {n.ready && <span className="legend-ready"> · can start now</span>}
                      {n.critical && <span className="legend-critical"> · critical</span>}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        ) : null,
      )}
    </nav>
  );
}
