// SPDX-License-Identifier: Apache-2.0
// One HTTP connection: read with timeouts and a body limit, answer through App::handle.
#include <array>
#include <chrono>
#include <thread>

#include "core/auth.hpp"
#include "core/log.hpp"
#include "core/responses.hpp"
#include "net/state.hpp"

namespace DAGBOARD_NAMESPACE::server {
http::response<http::string_body> to_beast(Response res, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), version};
  out.set(http::field::server, "dagboard");
  if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
  for (auto& [name, value] : res.headers) out.set(name, value);
  out.keep_alive(keep_alive);
  out.body() = std::move(res.body);
  out.prepare_payload();
  return out;
}

namespace {

using namespace std::chrono_literals;
constexpr auto kRedirect = [](error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
};


/// X-GitHub-* and X-Hub-* headers (what a webhook route needs), If-Match / If-None-Match
/// (conditional requests on records), Host and Origin (checked without tokens), the CORS
/// preflight's Access-Control-Request-*, names
/// lower-cased.
std::map<std::string, std::string> routed_headers(const http::request<http::string_body>& req) {
  std::map<std::string, std::string> out;
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.rfind("x-github-", 0) == 0 || name.rfind("x-hub-", 0) == 0 || name == "if-match" ||
        name == "if-none-match" || name == "host" || name == "origin" ||
        name.rfind("access-control-request-", 0) == 0)
      out[name] = std::string(field.value());
  }
  return out;
}

/// GitHub sends webhook bodies up to 25 MB; the library refuses more.
constexpr std::size_t kWebhookBodyLimit = (25u << 20) + 1;

/// A connection and the one thing another thread may do to it: stop it while it waits.
struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
};

asio::awaitable<void> send(Connection& c, Response res, unsigned version, bool keep_alive,
                           error_code& ec, bool head = false) {
  auto msg = to_beast(std::move(res), version, keep_alive);
  c.stream.expires_after(30s);
  if (!head) {
    co_await http::async_write(c.stream, msg, kRedirect(ec));
    co_return;
  }
  // HEAD: the headers a GET would send, Content-Length included, and no body.
  http::response<http::empty_body> bare{std::move(msg.base())};
  bare.content_length(msg.body().size());
  co_await http::async_write(c.stream, bare, kRedirect(ec));
}

/// Waits for the next request's first bytes: up to the idle timeout on a kept-alive connection,
/// and only the first-byte timeout on a new one (1 s when the server is nearly full), so idle
/// sockets cannot hold the connection slots.
asio::awaitable<bool> await_request(Connection& c, beast::flat_buffer& buffer, const ServerState& state,
                                    bool first) {
  if (buffer.size() > 0) co_return true;
  const Options& o = state.app.options();
  int seconds = o.idle_timeout_seconds;
  if (first) {
    bool nearly_full = state.connections.load() * 10 >= o.max_connections * 9;
    seconds = nearly_full ? 1 : std::min(seconds, o.first_byte_timeout_seconds);
  }
  error_code ec;
  c.stream.expires_after(std::chrono::seconds(seconds));
  std::size_t n = co_await c.stream.async_read_some(buffer.prepare(4096), kRedirect(ec));
  if (ec) co_return false;
  buffer.commit(n);
  co_return true;
}

/// After refusing a request mid-body: stop sending, then read and drop what the client still
/// sends for a moment, so that it reads our answer instead of a connection reset.
asio::awaitable<void> linger(Connection& c) {
  error_code ec;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 16384> scratch;
  // Bounded in total, not per read: a client trickling a byte a second cannot keep it open.
  c.stream.expires_after(2s);
  for (std::size_t total = 0; !ec && total < (64u << 20);)
    total += co_await c.stream.async_read_some(asio::buffer(scratch), kRedirect(ec));
}

Response transport_error(const error_code& ec) {
  if (ec == http::error::body_limit)
    return error_response(ErrorCode::payload_too_large, "request body over the limit");
  if (ec == http::error::header_limit) {
    Response r = error_response(ErrorCode::payload_too_large, "request header over the limit");
    r.status = 431;  // Request Header Fields Too Large
    return r;
  }
  return error_response(ErrorCode::validation_failed, "malformed HTTP request: " + ec.message(),
                        Json{{"field", "request"}});
}

/// Gives a webhook's share of the unauthenticated body budget back when its request is done.
struct BudgetHold {
  BodyBudget& budget;
  std::size_t bytes = 0;
  ~BudgetHold() { budget.give_back(bytes); }
};

/// What App::handle takes, owned, so that another thread can answer it.
struct PendingRequest {
  std::string method, target, authorization, body, content_type;
  std::map<std::string, std::string> headers;
};

Response answer(const ServerState& state, PendingRequest& r) {
  return state.app.handle(r.method, r.target, r.authorization, std::move(r.body),
                          std::move(r.content_type), std::move(r.headers));
}

asio::awaitable<Response> answer_on_pool(std::shared_ptr<ServerState> state,
                                         std::shared_ptr<PendingRequest> r) {
  co_return answer(*state, *r);
}

/// Answers a request that may block (a claim waiting for work) on the server's pool for blocking
/// calls, so the I/O threads keep serving. When every thread of that pool is busy the request is
/// refused with 503 rather than queued. (Only shared_ptr parameters cross into the coroutines:
/// GCC 12 mishandles closures moved into them.)
asio::awaitable<Response> off_the_io_threads(std::shared_ptr<ServerState> state,
                                             std::shared_ptr<PendingRequest> r) {
  if (state->blocking_calls.fetch_add(1) >= kBlockingThreads) {
    state->blocking_calls.fetch_sub(1);
    co_return error_response(ErrorCode::unavailable, "too many waiting requests; retry shortly");
  }
  Response res =
      co_await asio::co_spawn(state->blocking, answer_on_pool(state, r), asio::use_awaitable);
  state->blocking_calls.fetch_sub(1);
  co_return res;
}

}  // namespace

asio::awaitable<void> http_session(std::shared_ptr<ServerState> state, tcp::socket socket) {
  const Options& o = state->app.options();
  auto conn = std::make_shared<Connection>(std::move(socket));
  auto stop_id = state->drains.add([weak = std::weak_ptr<Connection>(conn)] {
    if (auto c = weak.lock())
      asio::post(c->stream.get_executor(), [c] {
        error_code ignored;  // the socket may be closed already (a timeout): nothing to cancel
        c->stream.socket().cancel(ignored);
      });
  });
  beast::flat_buffer buffer;
  error_code ec;
  bool first = true;
  while (!state->draining && co_await await_request(*conn, buffer, *state, first)) {
    first = false;
    http::request_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    // The largest any path takes: Beast compares Content-Length with it while reading the
    // header, before the path is known. Narrowed to the path's own limit right after.
    parser.body_limit(std::max<std::size_t>(o.max_body_bytes, kWebhookBodyLimit));
    conn->stream.expires_after(std::chrono::seconds(o.header_timeout_seconds));
    co_await http::async_read_header(conn->stream, buffer, parser, kRedirect(ec));
    if (!ec && websocket::is_upgrade(parser.get())) {
      state->drains.remove(stop_id);
      if (parser.get().target().starts_with("/api/v1/ws/events")) {
        conn->stream.expires_never();
        co_await ws_session(state, std::move(conn->stream), parser.release());
        co_return;
      }
      co_await send(*conn, error_response(ErrorCode::route_not_found, "no WebSocket at this path"),
                    11, false, ec);
      co_return;
    }
    BudgetHold hold{state->unauthenticated_bodies};  // until this request is answered
    if (!ec) {
      auto path = parser.get().target().substr(0, parser.get().target().find('?'));
      bool webhook = App::is_signed_path(path);
      std::size_t limit = webhook ? std::max<std::size_t>(o.max_body_bytes, kWebhookBodyLimit)
                                  : o.max_body_bytes;
      parser.body_limit(limit);
      if (parser.content_length() && *parser.content_length() > limit) ec = http::error::body_limit;
      // Nobody's body is read before they prove who they are: a token is checked from the
      // header; a webhook (which proves itself by the body's signature) takes its size from a
      // bounded budget shared by all of them.
      std::optional<Response> early;
      if (!ec && !parser.is_done() && path.starts_with("/api/") && !App::is_open_path(path)) {
        try {
          state->app.authenticate(bearer_token(parser.get()[http::field::authorization]));
        } catch (const Error& e) {
          early = error_response(e);
          early->headers.emplace_back("WWW-Authenticate", "Bearer");
        }
      } else if (!ec && webhook && !parser.is_done()) {
        std::size_t bytes = parser.content_length() ? static_cast<std::size_t>(*parser.content_length()) : limit;
        if (state->unauthenticated_bodies.try_take(bytes))
          hold.bytes = bytes;
        else
          early = error_response(ErrorCode::unavailable, "too many webhook bodies arriving at once; retry shortly");
      }
      if (early) {
        co_await send(*conn, std::move(*early), parser.get().version(), false, ec);
        if (!parser.is_done()) co_await linger(*conn);
        break;
      }
    }
    if (!ec && !parser.is_done()) {
      if (beast::iequals(parser.get()[http::field::expect],
                         "100-continue")) {  // curl, for bodies > 1 KB
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        conn->stream.expires_after(30s);
        co_await http::async_write(conn->stream, go_on, kRedirect(ec));
        if (ec) break;
      }
      conn->stream.expires_after(std::chrono::seconds(o.body_timeout_seconds));
      co_await http::async_read(conn->stream, buffer, parser, kRedirect(ec));
    }

    if (ec) {
      if (ec != beast::error::timeout && ec != asio::error::operation_aborted &&
          ec != http::error::end_of_stream && ec != asio::error::eof &&
          ec != asio::error::connection_reset) {
        co_await send(*conn, transport_error(ec), 11, false, ec);
        co_await linger(*conn);
      }
      break;
    }
    auto& req = parser.get();
    auto auth = req[http::field::authorization];
    auto type = req[http::field::content_type];
    auto pending = std::make_shared<PendingRequest>(PendingRequest{
        std::string(req.method_string()), std::string(req.target()), std::string(auth),
        std::move(req.body()), std::string(type), routed_headers(req)});
    // Not a conditional expression: GCC 12 destroys a co_await's temporaries twice inside one.
    Response res;
    if (App::may_wait(pending->method, pending->target))
      res = co_await off_the_io_threads(state, pending);
    else
      res = answer(*state, *pending);
    bool keep_alive = req.keep_alive() && !state->draining;
    bool head = req.method() == http::verb::head;
    co_await send(*conn, std::move(res), req.version(), keep_alive, ec, head);
    if (ec || !keep_alive) break;
  }
  state->drains.remove(stop_id);
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace dagboard::server
