// SPDX-License-Identifier: Apache-2.0
// Placeholder until the server issue: prints what it will become.
#include <cstdio>

int main() {
  std::puts("dagboard-server: the HTTP/WebSocket server is not built yet; see examples/quickstart.");
  return 0;
}
