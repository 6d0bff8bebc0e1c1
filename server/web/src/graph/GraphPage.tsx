// The dependency graph of a project (first cut: the outline; the canvas view follows).
import { useEffect, useState } from 'react';
import { ApiError, type Api } from '../api/client';
import { ErrorNotice } from '../app/ErrorNotice';

interface Props {
  api: Api;
  project: string;
  onUnauthorized(): void;
}

interface Layers {
  layers: string[][];
}

export default function GraphPage({ api, project }: Props) {
  const [layers, setLayers] = useState<string[][] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api
      .get<Layers>(`/graph/project/${encodeURIComponent(project)}/layers`)
      .then((r) => setLayers(r.layers))
      .catch((e: ApiError) => setError(e));
  }, [api, project]);
  if (error) return <ErrorNotice error={error} what={`the graph of ${project}`} />;
  if (!layers) return <p className="page-status">Loading the graph of {project}…</p>;
  return (
    <ol className="outline">
      {layers.map((layer, i) => (
        <li key={i}>
          Wave {i + 1}
          <ul>
            {layer.map((id) => (
              <li key={id} data-task-id={id}>
                {id}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
