// The server's error in words: its message, its code, and a retry where one makes sense.
import type { ApiError } from '../api/client';

const RETRYABLE = new Set(['NETWORK', 'UNAVAILABLE', 'STORAGE_ERROR', 'INTERNAL_ERROR']);

export function ErrorNotice({ error, what, onRetry, compact = false }: { error: ApiError; what: string; onRetry?: () => void; compact?: boolean }) {
  const retry = onRetry && (RETRYABLE.has(error.code) || error.status >= 500 || error.status === 0);
  return (
    <div className={'error-notice' + (compact ? ' compact' : '')} role="alert" data-error-code={error.code}>
      <p>
        <strong>Could not load {what}.</strong> {error.message} <code>{error.code}</code>
        {error.retryAfterSeconds !== null && <> Try again in {error.retryAfterSeconds} s.</>}
      </p>
      {retry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
