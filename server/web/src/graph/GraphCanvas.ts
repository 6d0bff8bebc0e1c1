// Draws a Scene on a canvas: viewport culling, labels only when they can be read, edges batched
// per style. Pan by dragging, zoom with the wheel (at the pointer) or the keyboard; a click
// selects a node. No DOM per node, so thousands of nodes stay fluid.
import { NODE_H, NODE_W, type Scene, type SceneNode } from './model';

export interface View {
  scale: number;
  x: number; // world point at the canvas centre
  y: number;
}

export interface Palette {
  [status: string]: string;
}

const MIN_SCALE = 0.002; // low enough to fit 10,000 tasks in view
const MAX_SCALE = 3;
const LABEL_SCALE = 0.45;

export class GraphCanvas {
  private scene: Scene | null = null;
  private view: View = { scale: 1, x: 0, y: 0 };
  private selected: string | null = null;
  private frame = 0;
  private drag: { x: number; y: number; moved: boolean } | null = null;
  private colors: Record<string, string> = {};
  /** Milliseconds each of the last draws took (read by the browser benchmark). */
  readonly drawTimes: number[] = [];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onSelect: (id: string | null) => void,
    private readonly onView: (v: View) => void,
  ) {
    canvas.addEventListener('wheel', this.wheel, { passive: false });
    canvas.addEventListener('pointerdown', this.down);
    canvas.addEventListener('pointermove', this.move);
    canvas.addEventListener('pointerup', this.up);
    canvas.addEventListener('keydown', this.key);
    new ResizeObserver(() => this.requestDraw()).observe(canvas);
    this.readColors();
  }

  /** Reads the theme's colours (CSS variables), after a theme change too. */
  readColors(): void {
    const style = getComputedStyle(this.canvas);
    const v = (name: string) => style.getPropertyValue(name).trim();
    this.colors = {
      text: v('--text'), muted: v('--muted'), surface: v('--surface'), border: v('--border'), edge: v('--graph-edge'),
      critical: v('--graph-critical'), ready: v('--graph-ready'), selected: v('--focus'),
      pending: v('--graph-pending'), claiming: v('--graph-running'), assigned: v('--graph-running'), running: v('--graph-running'),
      completed: v('--graph-completed'), failed: v('--graph-failed'), cancelled: v('--graph-cancelled'), group: v('--graph-group'),
    };
    this.requestDraw();
  }

  setScene(scene: Scene, selected: string | null): void {
    this.scene = scene;
    this.selected = selected;
    this.requestDraw();
  }

  setSelected(id: string | null): void {
    this.selected = id;
    this.requestDraw();
  }

  getView(): View {
    return { ...this.view };
  }

  setView(v: View): void {
    this.view = { scale: clamp(v.scale, MIN_SCALE, MAX_SCALE), x: v.x, y: v.y };
    this.requestDraw();
    this.onView(this.getView());
  }

  fit(): void {
    if (!this.scene) return;
    const { width, height } = this.size();
    const s = this.scene;
    const scale = Math.min(width / (s.width + 80), height / (s.height + 80), 1.2);
    this.setView({ scale, x: s.width / 2, y: s.height / 2 });
  }

  centerOn(id: string): void {
    const n = this.node(id);
    if (!n) return;
    this.setView({ scale: Math.max(this.view.scale, 0.8), x: n.x + NODE_W / 2, y: n.y + NODE_H / 2 });
  }

  zoomBy(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.size();
    const p = at ?? { x: width / 2, y: height / 2 };
    const before = this.toWorld(p.x, p.y);
    const scale = clamp(this.view.scale * factor, MIN_SCALE, MAX_SCALE);
    // Keep the world point under the pointer where it is.
    this.setView({ scale, x: before.x - (p.x - width / 2) / scale, y: before.y - (p.y - height / 2) / scale });
  }

  panBy(dx: number, dy: number): void {
    this.setView({ ...this.view, x: this.view.x - dx / this.view.scale, y: this.view.y - dy / this.view.scale });
  }

  /** The node's box on the canvas, in CSS pixels (for tests and overlays). */
  screenBox(id: string): { x: number; y: number; w: number; h: number } | null {
    const n = this.node(id);
    if (!n) return null;
    const p = this.toScreen(n.x, n.y);
    return { x: p.x, y: p.y, w: NODE_W * this.view.scale, h: NODE_H * this.view.scale };
  }

  private node(id: string): SceneNode | undefined {
    const i = this.scene?.index.get(id);
    return i === undefined ? undefined : this.scene!.nodes[i];
  }

  private size() {
    return { width: this.canvas.clientWidth || 800, height: this.canvas.clientHeight || 600 };
  }

  private toWorld(sx: number, sy: number) {
    const { width, height } = this.size();
    return { x: (sx - width / 2) / this.view.scale + this.view.x, y: (sy - height / 2) / this.view.scale + this.view.y };
  }

  private toScreen(wx: number, wy: number) {
    const { width, height } = this.size();
    return { x: (wx - this.view.x) * this.view.scale + width / 2, y: (wy - this.view.y) * this.view.scale + height / 2 };
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const started = performance.now();
    const { width, height } = this.size();
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const scene = this.scene;
    if (!scene) return;
    const s = this.view.scale;
    ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * (width / 2 - this.view.x * s), dpr * (height / 2 - this.view.y * s));
    const left = this.view.x - width / 2 / s - NODE_W;
    const right = this.view.x + width / 2 / s;
    const top = this.view.y - height / 2 / s - NODE_H;
    const bottom = this.view.y + height / 2 / s;
    const inView = (n: SceneNode) => n.x >= left && n.x <= right && n.y >= top && n.y <= bottom;

    // Edges: one path per style; curves only when close enough to see them.
    const curves = s > 0.25;
    for (const critical of [false, true]) {
      ctx.beginPath();
      for (const e of scene.edges) {
        if (e.critical !== critical) continue;
        const a = scene.nodes[e.from];
        const b = scene.nodes[e.to];
        if (Math.max(a.x, b.x) < left || Math.min(a.x, b.x) > right || Math.max(a.y, b.y) < top || Math.min(a.y, b.y) > bottom) continue;
        const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
        ctx.moveTo(x1, y1);
        if (curves) ctx.bezierCurveTo(x1 + 30, y1, x2 - 30, y2, x2, y2);
        else ctx.lineTo(x2, y2);
      }
      ctx.strokeStyle = critical ? this.colors.critical : this.colors.edge;
      ctx.lineWidth = (critical ? 3 : 1.2) / Math.max(s, 0.5);
      ctx.stroke();
    }

    // Nodes, then outlines for the ready set, the critical path and the selection.
    const visible = scene.nodes.filter(inView);
    for (const n of visible) {
      ctx.fillStyle = this.colors[n.status] ?? this.colors.pending;
      ctx.fillRect(n.x, n.y, NODE_W, NODE_H);
    }
    const outline = (pick: (n: SceneNode) => boolean, color: string, w: number, dash: number[] = []) => {
      ctx.beginPath();
      for (const n of visible) if (pick(n)) ctx.rect(n.x, n.y, NODE_W, NODE_H);
      ctx.setLineDash(dash.map((d) => d / Math.max(s, 0.3)));
      ctx.strokeStyle = color;
      ctx.lineWidth = w / Math.max(s, 0.3);
      ctx.stroke();
      ctx.setLineDash([]);
    };
    outline((n) => n.critical, this.colors.critical, 2.5);
    outline((n) => n.ready, this.colors.ready, 3);
    outline((n) => n.stranded, this.colors.failed, 2, [6, 4]);
    outline((n) => n.id === this.selected, this.colors.selected, 4);

    if (s >= LABEL_SCALE) {
      ctx.fillStyle = '#ffffff';
      ctx.textBaseline = 'top';
      ctx.font = '600 11px system-ui, sans-serif';
      for (const n of visible) {
        ctx.fillStyle = n.status === 'pending' || n.status === 'group' ? this.colors.text : '#ffffff';
        const badge = n.ready ? '▶ ' : '';
        ctx.fillText(clip(ctx, `${badge}${n.ticketKey}${n.kind === 'group' ? ` · ${n.count} tasks` : ''}`, NODE_W - 12), n.x + 6, n.y + 6);
        ctx.font = '12px system-ui, sans-serif';
        ctx.fillText(clip(ctx, n.label, NODE_W - 12), n.x + 6, n.y + 23);
        ctx.font = '600 11px system-ui, sans-serif';
      }
    }
    const took = performance.now() - started;
    this.drawTimes.push(took);
    if (this.drawTimes.length > 200) this.drawTimes.shift();
    this.canvas.dataset.drawn = String(visible.length);
  }

  private hit(sx: number, sy: number): SceneNode | null {
    const w = this.toWorld(sx, sy);
    for (const n of this.scene?.nodes ?? []) if (w.x >= n.x && w.x <= n.x + NODE_W && w.y >= n.y && w.y <= n.y + NODE_H) return n;
    return null;
  }

  private wheel = (e: WheelEvent) => {
    e.preventDefault();
    const r = this.canvas.getBoundingClientRect();
    this.zoomBy(Math.exp(-e.deltaY * 0.0015), { x: e.clientX - r.left, y: e.clientY - r.top });
  };

  private down = (e: PointerEvent) => {
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { x: e.clientX, y: e.clientY, moved: false };
  };

  private move = (e: PointerEvent) => {
    if (!this.drag) return;
    const dx = e.clientX - this.drag.x;
    const dy = e.clientY - this.drag.y;
    if (!this.drag.moved && Math.hypot(dx, dy) < 4) return;
    this.drag = { x: e.clientX, y: e.clientY, moved: true };
    this.panBy(dx, dy);
  };

  private up = (e: PointerEvent) => {
    const drag = this.drag;
    this.drag = null;
    if (!drag || drag.moved) return;
    const r = this.canvas.getBoundingClientRect();
    this.onSelect(this.hit(e.clientX - r.left, e.clientY - r.top)?.id ?? null);
  };

  private key = (e: KeyboardEvent) => {
    const step = 80;
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.25), '=': () => this.zoomBy(1.25), '-': () => this.zoomBy(0.8),
      '0': () => this.fit(), f: () => this.fit(),
      ArrowLeft: () => this.panBy(step, 0), ArrowRight: () => this.panBy(-step, 0),
      ArrowUp: () => this.panBy(0, step), ArrowDown: () => this.panBy(0, -step),
    };
    const act = actions[e.key];
    if (!act || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    e.stopPropagation();
    act();
  };
}

function clamp(v: number, lo: number, hi: number) {
  return Math.min(hi, Math.max(lo, v));
}

function clip(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0, hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}
