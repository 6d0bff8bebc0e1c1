// SPDX-License-Identifier: Apache-2.0
// What every connection of one server shares, and the sessions' entry points.
#pragma once

#include "dagboard/version.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <mutex>
#include <unordered_map>

#include "core/app.hpp"
#include "net/asio.hpp"

namespace DAGBOARD_NAMESPACE::server {

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

/// Open connections per remote address.
class ClientCounts {
 public:
  /// Counts one more for `address` unless it has `limit` already.
  bool try_add(const std::string& address, int limit);
  void remove(const std::string& address);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, int> counts_;
};

/// Bytes of request bodies read before anyone is authenticated (webhooks prove themselves
/// only once the whole body is in), bounded all together.
class BodyBudget {
 public:
  explicit BodyBudget(std::size_t total) : left_(total) {}
  bool try_take(std::size_t bytes);
  void give_back(std::size_t bytes) { left_.fetch_add(bytes); }

 private:
  std::atomic<std::size_t> left_;
};

struct ServerState {
  explicit ServerState(App a)
      : app(std::move(a)), unauthenticated_bodies(app.options().unauthenticated_body_budget) {}
  App app;
  std::atomic<int> connections{0};
  ClientCounts clients;
  BodyBudget unauthenticated_bodies;
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
