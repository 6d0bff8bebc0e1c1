// For a browser without a token: paste one (`dagboard-server --issue-token NAME` prints it).
import { useState } from 'react';

export function TokenScreen({ problem, onToken }: { problem: string | null; onToken(token: string): void }) {
  const [token, setToken] = useState('');
  return (
    <main className="token-screen">
      <form
        className="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onToken(token.trim());
        }}
      >
        <h1>dagboard</h1>
        <p>This server needs a token. Ask its operator, or print one on the server's machine:</p>
        <pre>dagboard-server --jwt-secret-file SECRET --issue-token YOUR-NAME</pre>
        {problem && (
          <p className="error-text" role="alert">
            {problem}
          </p>
        )}
        <label>
          Token
          <input name="token" type="password" autoComplete="off" autoFocus value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <button type="submit">Sign in</button>
        <p className="muted">The token stays in this tab only (session storage).</p>
      </form>
    </main>
  );
}
