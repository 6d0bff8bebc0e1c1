// live / reconnecting / replaying since #id / stale, with the last event id.
import { connection } from '../live/useLiveProject';
import { useShared } from '../lib/shared';

const WORDS = {
  connecting: 'connecting',
  live: 'live',
  replaying: 'replaying',
  reconnecting: 'reconnecting',
  stale: 'stale',
} as const;

export function ConnectionIndicator() {
  const s = useShared(connection);
  if (!s) return null;
  const text =
    s.state === 'replaying' && s.replayingSince !== null
      ? `replaying since #${s.replayingSince}`
      : s.state === 'stale'
        ? `stale since ${new Date(s.lastChangeAt).toLocaleTimeString()}`
        : WORDS[s.state];
  return (
    <span className={`connection connection-${s.state}`} data-connection={s.state} data-last-event-id={s.lastEventId} role="status" title={s.problem ?? `last event #${s.lastEventId}`}>
      <span className="dot" aria-hidden="true" />
      {text}
      <span className="muted"> · #{s.lastEventId}</span>
    </span>
  );
}
