// SPDX-License-Identifier: Apache-2.0
// What every connection of one server shares, and the sessions' entry points.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "core/app.hpp"
#include "net/asio.hpp"

namespace dagboard::server {

/// Open sessions register how to stop them; SIGINT/SIGTERM calls every one.
class DrainRegistry {
 public:
  std::uint64_t add(std::function<void()> stop);
  void remove(std::uint64_t id);
  /// Calls every registered stop function once (each posts onto its session's strand).
  void drain_all();

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::function<void()>> stops_;
  std::uint64_t next_ = 1;
};

/// Threads for requests that may block a while; more at once are refused with 503.
constexpr int kBlockingThreads = 256;

struct ServerState {
  explicit ServerState(App a) : app(std::move(a)) {}
  App app;
  std::atomic<int> connections{0};
  asio::thread_pool blocking{kBlockingThreads};  // requests that may block (long polls)
  std::atomic<int> blocking_calls{0};
  std::atomic<bool> draining{false};
  DrainRegistry drains;
};

/// Serves HTTP requests on one connection until it closes, goes idle, or the server drains;
/// hands a WebSocket upgrade of /api/v1/ws/events over to ws_session.
/// A library Response as Beast's message.
http::response<http::string_body> to_beast(Response res, unsigned version, bool keep_alive);

asio::awaitable<void> http_session(std::shared_ptr<ServerState> state, tcp::socket socket);

/// The event stream of one WebSocket client (upstream protocol plus `since`).
asio::awaitable<void> ws_session(std::shared_ptr<ServerState> state, beast::tcp_stream stream,
                                 http::request<http::string_body> upgrade);

/// Listens, runs `threads` I/O threads, drains on SIGINT/SIGTERM. Returns the exit status.
int run_server(std::shared_ptr<ServerState> state);

}  // namespace dagboard::server
