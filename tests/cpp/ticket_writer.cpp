// SPDX-License-Identifier: Apache-2.0
// A writer in a process of its own, started with posix_spawn by tests whose parent runs threads
// (a fork of a threaded process may inherit a lock some other thread held, and hang):
//   dagboard_ticket_writer DATABASE_URL PROJECT COUNT TITLE
#include <cstdio>
#include <exception>
#include <string>

#include <dagboard/dagboard.hpp>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s DATABASE_URL PROJECT COUNT TITLE\n", argv[0]);
    return 2;
  }
  try {
    auto ws = dagboard::Workspace::open(argv[1], {.pool_size = 1});
    int count = std::stoi(argv[3]);
    for (int i = 0; i < count; ++i) ws.tickets().create({.project_id = argv[2], .title = argv[4]});
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ticket writer: %s\n", e.what());
    return 1;
  }
}
