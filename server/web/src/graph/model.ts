// The project's graph export turned into what the canvas draws: filtered (hide completed, one
// ticket, one task's neighbourhood), tickets collapsed into one node each, and laid out —
// columns are the server's waves, rows are ordered by ticket and by where a node's
// dependencies sit (barycenter sweeps), so edges run mostly straight.

export interface TaskNode {
  type: 'task';
  id: string;
  label: string;
  status: string;
  priority: string;
  ticket_id: string;
  phase_id: string;
  is_blocked: boolean;
  stranded: boolean;
  assigned_agent_id: string | null;
  wave: number | null;
  slack: number | null;
  ready: boolean;
}

export interface TicketNode {
  type: 'ticket';
  id: string;
  ticket_id: string;
  key: string;
  label: string;
  status: string;
}

export interface GraphExport {
  nodes: (TaskNode | TicketNode)[];
  edges: { source: string; target: string; type: string }[];
  metadata: { critical_path: string[]; last_event_id: number };
}

export interface Model {
  tasks: Map<string, TaskNode>;
  tickets: Map<string, TicketNode>; // by ticket id
  dependsOn: Map<string, string[]>; // task -> its dependencies
  dependents: Map<string, string[]>;
  critical: Set<string>;
  lastEventId: number;
}

export function modelOf(g: GraphExport): Model {
  const tasks = new Map<string, TaskNode>();
  const tickets = new Map<string, TicketNode>();
  for (const n of g.nodes) {
    if (n.type === 'task') tasks.set(n.id, n);
    else tickets.set(n.ticket_id, n);
  }
  const dependsOn = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const e of g.edges) {
    if (e.type !== 'depends_on' || !tasks.has(e.source) || !tasks.has(e.target)) continue;
    push(dependsOn, e.target, e.source);
    push(dependents, e.source, e.target);
  }
  return { tasks, tickets, dependsOn, dependents, critical: new Set(g.metadata.critical_path), lastEventId: g.metadata.last_event_id };
}

function push(m: Map<string, string[]>, k: string, v: string) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export interface ViewOptions {
  hideDone: boolean;
  collapsed: ReadonlySet<string>; // ticket keys
  focus: string | null; // a task id: only its dependencies and dependents, transitively
  ticket: string | null; // a ticket key: only its tasks
}

export interface SceneNode {
  id: string; // task id, or `group:<ticket id>` for a collapsed ticket
  kind: 'task' | 'group';
  label: string;
  ticketKey: string;
  ticketId: string;
  status: string;
  ready: boolean;
  critical: boolean;
  stranded: boolean;
  slack: number | null;
  wave: number;
  count: number; // tasks it stands for
  x: number;
  y: number;
}

export interface Scene {
  nodes: SceneNode[];
  edges: { from: number; to: number; critical: boolean }[];
  index: Map<string, number>; // node id -> position in nodes
  width: number;
  height: number;
  waves: number;
}

export const NODE_W = 190;
export const NODE_H = 44;
export const COL_W = 250;
export const ROW_H = 58;

/** Task ids the view keeps, before collapsing. */
function keptTasks(m: Model, o: ViewOptions): TaskNode[] {
  let keep: Set<string> | null = null;
  if (o.focus && m.tasks.has(o.focus)) {
    keep = new Set([o.focus]);
    for (const next of [m.dependsOn, m.dependents]) {
      const stack: string[] = [o.focus];
      while (stack.length) for (const n of next.get(stack.pop()!) ?? []) if (!keep.has(n)) (keep.add(n), stack.push(n));
    }
  }
  const ticketId = o.ticket ? [...m.tickets.values()].find((t) => t.key === o.ticket)?.ticket_id : null;
  const out: TaskNode[] = [];
  for (const t of m.tasks.values()) {
    if (keep && !keep.has(t.id)) continue;
    if (o.ticket && t.ticket_id !== ticketId) continue;
    if (o.hideDone && t.status === 'completed' && t.id !== o.focus) continue;
    out.push(t);
  }
  return out;
}

export function buildScene(m: Model, o: ViewOptions): Scene {
  const keyOf = (ticketId: string) => m.tickets.get(ticketId)?.key ?? '';
  const nodes: SceneNode[] = [];
  const index = new Map<string, number>();
  const nodeOfTask = new Map<string, number>();
  for (const t of keptTasks(m, o)) {
    const key = keyOf(t.ticket_id);
    const wave = t.wave ?? 0;
    if (o.collapsed.has(key)) {
      const id = `group:${t.ticket_id}`;
      let at = index.get(id);
      if (at === undefined) {
        at = nodes.length;
        index.set(id, at);
        const ticket = m.tickets.get(t.ticket_id);
        nodes.push({ id, kind: 'group', label: ticket?.label ?? key, ticketKey: key, ticketId: t.ticket_id, status: 'group', ready: false, critical: false, stranded: false, slack: null, wave, count: 0, x: 0, y: 0 });
      }
      const g = nodes[at];
      g.count += 1;
      g.wave = Math.min(g.wave, wave);
      g.ready ||= t.ready;
      g.critical ||= m.critical.has(t.id);
      nodeOfTask.set(t.id, at);
      continue;
    }
    nodeOfTask.set(t.id, nodes.length);
    index.set(t.id, nodes.length);
    nodes.push({ id: t.id, kind: 'task', label: t.label, ticketKey: key, ticketId: t.ticket_id, status: t.status, ready: t.ready, critical: m.critical.has(t.id), stranded: t.stranded, slack: t.slack, wave, count: 1, x: 0, y: 0 });
  }
  const seen = new Set<string>();
  const edges: Scene['edges'] = [];
  for (const [task, deps] of m.dependsOn) {
    const to = nodeOfTask.get(task);
    if (to === undefined) continue;
    for (const d of deps) {
      const from = nodeOfTask.get(d);
      if (from === undefined || from === to || seen.has(`${from}>${to}`)) continue;
      seen.add(`${from}>${to}`);
      edges.push({ from, to, critical: m.critical.has(task) && m.critical.has(d) });
    }
  }
  return layout(nodes, edges, index);
}

function layout(nodes: SceneNode[], edges: Scene['edges'], index: Map<string, number>): Scene {
  // Waves of a collapsed group may put a dependency in the same column: push dependents right.
  const preds: number[][] = nodes.map(() => []);
  for (const e of edges) preds[e.to].push(e.from);
  const columns: number[][] = [];
  for (let i = 0; i < nodes.length; i++) (columns[nodes[i].wave] ??= []).push(i);
  const ticketRank = new Map<string, number>();
  [...new Set(nodes.map((n) => n.ticketKey))].sort(naturalKeys).forEach((k, i) => ticketRank.set(k, i));
  const row = new Float64Array(nodes.length);
  const order = (col: number[], value: (i: number) => number) => {
    col.sort((a, b) => ticketRank.get(nodes[a].ticketKey)! - ticketRank.get(nodes[b].ticketKey)! || value(a) - value(b) || a - b);
    col.forEach((n, r) => (row[n] = r));
  };
  for (const col of columns) if (col) order(col, (i) => i);
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const col of columns) {
      if (!col) continue;
      const center = (i: number) => (preds[i].length ? preds[i].reduce((s, p) => s + row[p], 0) / preds[i].length : row[i]);
      const centers = new Map(col.map((i) => [i, center(i)]));
      order(col, (i) => centers.get(i)!);
    }
  }
  let height = 0;
  columns.forEach((col, w) =>
    col?.forEach((n) => {
      nodes[n].x = w * COL_W;
      nodes[n].y = row[n] * ROW_H;
      height = Math.max(height, nodes[n].y + NODE_H);
    }),
  );
  return { nodes, edges, index, width: Math.max(0, columns.length - 1) * COL_W + NODE_W, height, waves: columns.length };
}

/** DEMO-2 before DEMO-10. */
function naturalKeys(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}
