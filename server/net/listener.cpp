// SPDX-License-Identifier: Apache-2.0
// Accepts connections, at most --max-connections at a time; runs the I/O threads; drains on
// SIGINT/SIGTERM.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "core/log.hpp"
#include "core/responses.hpp"
#include "net/state.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

using namespace std::chrono_literals;
constexpr auto kRedirect = [](error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
};

/// Over the connection limit: say so (503 UNAVAILABLE) and close, within 2 s.
asio::awaitable<void> refuse(tcp::socket socket, std::string why) {
  beast::tcp_stream stream(std::move(socket));
  Response r = error_response(ErrorCode::unavailable, why);
  http::response<http::string_body> msg{http::status::service_unavailable, 11};
  msg.set(http::field::content_type, r.content_type);
  msg.set(http::field::retry_after, "1");
  msg.keep_alive(false);
  msg.body() = r.body;
  msg.prepare_payload();
  error_code ec;
  stream.expires_after(2s);
  co_await http::async_write(stream, msg, kRedirect(ec));
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

asio::awaitable<void> accept_loop(std::shared_ptr<ServerState> state, tcp::acceptor& acceptor,
                                  asio::io_context& io) {
  for (;;) {
    error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(io), kRedirect(ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors (or another passing failure): the pending connection stays
      // queued and accept would fail at once again. Pause instead of spinning.
      asio::steady_timer pause(io, 100ms);
      co_await pause.async_wait(kRedirect(ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    const Options& o = state->app.options();
    if (state->connections.load() >= o.max_connections) {
      asio::co_spawn(executor, refuse(std::move(socket), "too many open connections; retry later"),
                     asio::detached);
      continue;
    }
    std::string client = socket.remote_endpoint(ec).address().to_string();
    int per_client = o.max_connections_per_client > 0 ? o.max_connections_per_client
                                                      : std::max(1, o.max_connections / 2);
    if (ec || !state->clients.try_add(client, per_client)) {
      asio::co_spawn(executor, refuse(std::move(socket), "too many connections from this address"),
                     asio::detached);
      continue;
    }
    ++state->connections;
    asio::co_spawn(executor, http_session(state, std::move(socket)), [state, client](std::exception_ptr e) {
      --state->connections;
      state->clients.remove(client);
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log(LogLevel::error, std::string("connection failed: ") + ex.what());
      }
    });
  }
}

tcp::endpoint resolve(asio::io_context& io, const Options& o) {
  tcp::resolver resolver(io);
  auto results = resolver.resolve(o.host, std::to_string(o.port));
  return results.begin()->endpoint();
}

/// Stops the I/O threads once no connection is left or the deadline passed. (No handler keeps
/// itself alive: a cycle here once kept the server state, and its event thread, past main.)
void stop_when_drained(std::shared_ptr<ServerState> state,
                       std::shared_ptr<asio::steady_timer> timer,
                       std::chrono::steady_clock::time_point deadline, asio::io_context& io) {
  if (state->connections.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
    io.stop();
    return;
  }
  timer->expires_after(20ms);
  timer->async_wait(
      [state, timer, deadline, &io](error_code) { stop_when_drained(state, timer, deadline, io); });
}

/// Stops accepting, asks every session to finish, and stops the I/O threads once none is left
/// or the drain time is up.
void drain(std::shared_ptr<ServerState> state, tcp::acceptor& acceptor, asio::io_context& io) {
  state->draining = true;
  error_code ec;
  acceptor.close(ec);
  state->drains.drain_all();
  state->app.workspace().scheduler().interrupt_waits();  // long polls answer now
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(state->app.options().drain_seconds);
  stop_when_drained(state, std::make_shared<asio::steady_timer>(io), deadline, io);
}

}  // namespace

bool ClientCounts::try_add(const std::string& address, int limit) {
  std::lock_guard lock(mutex_);
  int& count = counts_[address];
  if (count >= limit) return false;
  ++count;
  return true;
}

void ClientCounts::remove(const std::string& address) {
  std::lock_guard lock(mutex_);
  if (auto it = counts_.find(address); it != counts_.end() && --it->second <= 0) counts_.erase(it);
}

bool BodyBudget::try_take(std::size_t bytes) {
  std::size_t left = left_.load();
  while (left >= bytes)
    if (left_.compare_exchange_weak(left, left - bytes)) return true;
  return false;
}

std::uint64_t DrainRegistry::add(std::function<void()> stop) {
  std::lock_guard lock(mutex_);
  stops_.emplace(next_, std::move(stop));
  return next_++;
}

void DrainRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  stops_.erase(id);
}

void DrainRegistry::drain_all() {
  std::vector<std::function<void()>> stops;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, stop] : stops_) stops.push_back(stop);
  }
  for (auto& stop : stops) stop();
}

int run_server(std::shared_ptr<ServerState> state) {
  const Options& o = state->app.options();
  asio::io_context io(o.threads);
  tcp::acceptor acceptor(io);
  auto endpoint = resolve(io, o);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  // Signals are caught before anyone is told the server is up.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](error_code ec, int signal) {
    if (ec) return;
    log(LogLevel::info, "signal " + std::to_string(signal) + ": draining connections");
    drain(state, acceptor, io);
  });
  auto bound = acceptor.local_endpoint();
  std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                             : bound.address().to_string();
  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(bound.port()));
  std::fflush(stdout);
  log(LogLevel::info, "serving " + std::string(state->app.workspace().backend()) + " database on " +
                          host + ":" + std::to_string(bound.port()) + " with " +
                          std::to_string(o.threads) + " threads");

  asio::co_spawn(io, accept_loop(state, acceptor, io), asio::detached);

  // A handler that throws must not take the server down (nor leave threads unjoined).
  auto serve = [&io] {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        log(LogLevel::error, std::string("handler failed: ") + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < o.threads; ++i) threads.emplace_back(serve);
  serve();
  for (auto& t : threads) t.join();
  log(LogLevel::info, "stopped");
  return 0;
}

}  // namespace dagboard::server
