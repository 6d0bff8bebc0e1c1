// The graph of one project, kept live: any task or ticket event re-reads the export.
import { Api, ApiError } from '../api/client';
import type { DagEvent } from '../api/types';
import { shared } from '../lib/shared';
import { Refresher } from '../live/refresher';
import type { LiveSource } from '../live/useLiveProject';
import { modelOf, type GraphExport, type Model } from './model';

export interface GraphState {
  model: Model | null;
  error: ApiError | null;
}

export class GraphStore implements LiveSource {
  private readonly box = shared<GraphState>({ model: null, error: null });
  private refresher: Refresher<GraphExport>;

  constructor(
    private readonly api: Api,
    readonly project: string,
  ) {
    this.refresher = new Refresher(this.fetch, (g) => g.metadata.last_event_id, (g) => this.accept(g));
  }

  subscribe = this.box.subscribe;
  snapshot = this.box.get;

  dispose(): void {
    this.refresher.stop();
  }

  load = async (): Promise<number | ApiError> => {
    try {
      const g = await this.fetch();
      this.box.set({ ...this.box.get(), model: null });
      this.accept(g);
      return g.metadata.last_event_id;
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
      this.set({ error });
      return error;
    }
  };

  onEvent = (e: DagEvent): void => {
    if (e.entity_type === 'task' || e.entity_type === 'ticket') this.refresher.saw(e.id);
  };

  /** DOT or Mermaid text of the whole project (with completed tasks). */
  exportText(format: 'dot' | 'mermaid'): Promise<string> {
    return this.api.text(`/graph/dependency-graph/project/${encodeURIComponent(this.project)}`, { format, include_resolved: true });
  }

  private fetch = () =>
    this.api.get<GraphExport>(`/graph/dependency-graph/project/${encodeURIComponent(this.project)}`, { include_resolved: true });

  private accept(g: GraphExport): void {
    const current = this.box.get().model;
    if (current && g.metadata.last_event_id < current.lastEventId) return;
    performance.mark('dagboard:graph-fetched');
    this.set({ model: modelOf(g), error: null });
  }

  private set(change: Partial<GraphState>): void {
    this.box.set({ ...this.box.get(), ...change });
  }
}
