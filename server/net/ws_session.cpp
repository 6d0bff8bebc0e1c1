// SPDX-License-Identifier: Apache-2.0
// One event-stream WebSocket: authenticate, replay from `since` with backpressure, then stream
// live events through a bounded queue. The library's event thread only appends to the queue;
// a client whose queue passes --ws-max-queue-bytes is closed (1008), never waited for.
#include <chrono>
#include <deque>

#include <dagboard/errors.hpp>

#include "core/log.hpp"
#include "core/responses.hpp"
#include "core/url.hpp"
#include "core/ws_protocol.hpp"
#include "net/state.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

using namespace std::chrono_literals;
using Frame = std::shared_ptr<const std::string>;
constexpr auto kRedirect = [](error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
};
constexpr int kReplayPage = 1000;

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(std::shared_ptr<ServerState> state, beast::tcp_stream stream)
      : state_(std::move(state)), ws_(std::move(stream)), timer_(ws_.get_executor()) {}

  asio::awaitable<void> run(http::request<http::string_body> upgrade);

 private:
  asio::awaitable<bool> open(const http::request<http::string_body>& upgrade, WsParams& params);
  asio::awaitable<bool> replay(long long& since);
  asio::awaitable<void> refuse(int code, const std::string& frame, const std::string& reason);
  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  void subscribe(long long since);
  void enqueue(Frame frame);
  void request_close(int code, std::string reason);

  std::shared_ptr<ServerState> state_;
  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer timer_;  // the writer sleeps on it; cancel() wakes it
  std::optional<long> expires_at_;  // the token's exp: the session closes with 4401 then
  asio::steady_timer expiry_{timer_.get_executor()};

  std::mutex mutex_;  // guards the queue, which the event thread fills
  std::deque<Frame> queue_;
  std::size_t queued_bytes_ = 0;
  bool overflow_ = false;

  // Touched on the session's strand only.
  std::optional<Workspace> workspace_;
  EventFilter filter_;
  Subscription subscription_;
  std::optional<websocket::close_reason> close_;
  bool reader_done_ = false;
  std::chrono::steady_clock::time_point last_heard_ = std::chrono::steady_clock::now();
};

asio::awaitable<void> WsSession::refuse(int code, const std::string& frame,
                                        const std::string& reason) {
  error_code ec;
  co_await ws_.async_write(asio::buffer(frame), kRedirect(ec));
  co_await ws_.async_close(
      websocket::close_reason(static_cast<websocket::close_code>(code), reason), kRedirect(ec));
}

asio::awaitable<bool> WsSession::open(const http::request<http::string_body>& upgrade,
                                      WsParams& params) {
  auto target = std::string(upgrade.target());
  auto qmark = target.find('?');
  std::optional<std::pair<int, std::string>> refusal;  // co_await is not allowed inside catch
  try {
    std::map<std::string, std::string> query;
    if (qmark != std::string::npos) {
      auto parsed = parse_target("/" + target.substr(qmark));
      if (!parsed) throw ValidationError("target", "malformed query string");
      query = std::move(parsed->query);
    }
    params = parse_ws_params(query);
  } catch (const Error& e) {
    refusal.emplace(kCloseBadRequest, error_frame(std::string(e.code_name()), e.what()));
  }
  if (!refusal) {
    auto token = params.token;
    if (!token) token = bearer_token(upgrade[http::field::authorization]);
    try {
      workspace_ = state_->app.authenticate(token);
      expires_at_ = state_->app.token_expires_at(token);
    } catch (const Error& e) {
      // Upstream accepts, says why, then closes with 4401.
      refusal.emplace(kCloseUnauthorized, Json{{"error", e.what()}}.dump());
    }
  }
  if (!refusal) {
    try {
      filter_ = workspace_->events().resolve(params.filter);  // keys become ids, types are checked
    } catch (const Error& e) {
      refusal.emplace(kCloseBadRequest, error_frame(std::string(e.code_name()), e.what()));
    }
  }
  if (refusal) {
    co_await refuse(refusal->first, refusal->second,
                    refusal->first == kCloseUnauthorized ? "unauthorized" : "bad request");
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> WsSession::replay(long long& since) {
  for (;;) {
    EventQuery q{since,
                 filter_.event_types,
                 filter_.entity_types,
                 filter_.entity_ids,
                 filter_.project_id,
                 kReplayPage};
    std::vector<Event> page;
    std::optional<Error> failure;
    try {
      page = workspace_->events().read(q);
    } catch (const Error& e) {
      failure = e;
    }
    if (failure) {
      int code =
          failure->code() == ErrorCode::cursor_expired ? kCloseCursorExpired : kCloseBadRequest;
      co_await refuse(code, error_frame(std::string(failure->code_name()), failure->what()),
                      std::string(failure->code_name()));
      co_return false;
    }
    for (const auto& e : page) {
      error_code ec;
      // A client that does not read would hold a replay (and a shutdown) for ever: each frame
      // gets 10 s, as a stuck live send gets its 5 s once the client is too far behind.
      asio::steady_timer watchdog(ws_.get_executor(), 10s);
      watchdog.async_wait([self = shared_from_this()](error_code expired) {
        error_code ignored;
        if (!expired) beast::get_lowest_layer(self->ws_).socket().close(ignored);
      });
      co_await ws_.async_write(asio::buffer(*event_frame(e)), kRedirect(ec));
      watchdog.cancel();
      if (ec || close_) co_return false;  // close_: the server drains
      since = e.id;
    }
    if (static_cast<int>(page.size()) < kReplayPage) co_return true;
  }
}

void WsSession::subscribe(long long since) {
  std::weak_ptr<WsSession> weak = weak_from_this();
  subscription_ = workspace_->events().subscribe(filter_,
                                                 [weak](const Event& e) {
                                                   if (auto self = weak.lock())
                                                     self->enqueue(event_frame(e));
                                                 },
                                                 {.since = since});
}

void WsSession::enqueue(Frame frame) {
  bool wake = false, overflowed = false;
  {
    std::lock_guard lock(mutex_);
    if (overflow_) return;
    queued_bytes_ += frame->size();
    if (queued_bytes_ > state_->app.options().ws_max_queue_bytes) {
      overflow_ = overflowed = wake = true;
      queue_.clear();
    } else {
      queue_.push_back(std::move(frame));
      wake = queue_.size() == 1;
    }
  }
  if (!wake) return;
  asio::post(ws_.get_executor(), [self = shared_from_this(), overflowed] {
    // A client that stopped reading may hold the writer in a send: give that send 5 s.
    if (overflowed) beast::get_lowest_layer(self->ws_).expires_after(5s);
    self->timer_.cancel();
  });
}

void WsSession::request_close(int code, std::string reason) {
  if (!close_) close_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
  timer_.cancel();
}

asio::awaitable<void> WsSession::read_loop() {
  auto self = shared_from_this();
  for (;;) {
    beast::flat_buffer buffer;
    error_code ec;
    co_await ws_.async_read(buffer, kRedirect(ec));
    if (ec) break;
    last_heard_ = std::chrono::steady_clock::now();
    std::optional<WsReply> reply;
    try {
      reply = handle_client_message(beast::buffers_to_string(buffer.data()), filter_);
    } catch (const std::exception& e) {  // a message never ends the session's reader silently
      reply = WsReply{error_frame("VALIDATION_FAILED", e.what()), std::nullopt};
    }
    if (!reply) continue;
    if (reply->new_filter) {
      try {
        reply->new_filter = workspace_->events().resolve(*reply->new_filter);
      } catch (const Error& e) {
        enqueue(
            std::make_shared<const std::string>(error_frame(std::string(e.code_name()), e.what())));
        continue;
      }
      long long last = subscription_.last_id();
      subscription_.cancel();  // no callback of the old filter runs after this
      filter_ = *reply->new_filter;
      enqueue(std::make_shared<const std::string>(reply->frame));
      subscribe(last);
    } else {
      enqueue(std::make_shared<const std::string>(reply->frame));
    }
  }
  reader_done_ = true;
  timer_.cancel();
}

asio::awaitable<void> WsSession::write_loop() {
  const auto ping_every = std::chrono::seconds(state_->app.options().ws_ping_seconds);
  error_code ec;
  while (!ec && !reader_done_) {
    std::deque<Frame> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(queue_);
      queued_bytes_ = 0;
      if (overflow_ && !close_) {
        auto limit = std::to_string(state_->app.options().ws_max_queue_bytes);
        log(LogLevel::warn, "dropped slow WebSocket client (last event id " +
                                std::to_string(subscription_.last_id()) + "): more than " + limit +
                                " bytes queued");
        request_close(1008, "too slow: more than " + limit +
                                " bytes of events queued; reconnect with since=<last id>");
      }
    }
    if (close_) break;
    if (batch.empty()) {
      timer_.expires_after(ping_every);
      error_code wait_ec;
      co_await timer_.async_wait(kRedirect(wait_ec));
      if (!wait_ec && std::chrono::steady_clock::now() - last_heard_ >= ping_every)
        enqueue(std::make_shared<const std::string>(R"({"type":"ping"})"));
      continue;
    }
    for (const auto& frame : batch) {
      co_await ws_.async_write(asio::buffer(*frame), kRedirect(ec));
      if (ec) break;
    }
  }
  subscription_.cancel();
  if (close_ && !ec) co_await ws_.async_close(*close_, kRedirect(ec));
}

asio::awaitable<void> WsSession::run(http::request<http::string_body> upgrade) {
  auto options = state_->app.options();
  websocket::stream_base::timeout timeouts{
      30s, std::chrono::seconds(std::max(60, 2 * options.ws_ping_seconds)), true};
  ws_.set_option(timeouts);
  ws_.read_message_max(64 * 1024);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "dagboard"); }));
  // Read before the 101 goes out: a client may write the moment it sees it, and must get that.
  // When the database cannot answer, the upgrade is refused with its HTTP error (503).
  long long newest_at_connect = 0;
  std::optional<Response> outage;
  try {
    newest_at_connect = state_->app.workspace().events().last_id();
  } catch (const Error& e) {
    outage = error_response(e);
  }
  error_code ec;
  if (outage) {
    auto res = to_beast(std::move(*outage), upgrade.version(), /*keep_alive=*/false);
    beast::get_lowest_layer(ws_).expires_after(10s);
    co_await http::async_write(beast::get_lowest_layer(ws_), res, kRedirect(ec));
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return;
  }
  co_await ws_.async_accept(upgrade, kRedirect(ec));
  if (ec) co_return;
  WsParams params;
  if (!co_await open(upgrade, params)) co_return;
  long long since = params.since ? *params.since : newest_at_connect;
  if (params.since && !co_await replay(since)) co_return;
  std::optional<Error> failure;
  try {
    subscribe(since);
  } catch (const Error& e) {
    failure = e;
  }
  if (failure) {
    co_await refuse(kCloseBadRequest,
                    error_frame(std::string(failure->code_name()), failure->what()),
                    std::string(failure->code_name()));
    co_return;
  }
  auto stop_id = state_->drains.add([weak = weak_from_this()] {
    if (auto self = weak.lock())
      asio::post(self->ws_.get_executor(),
                 [self] { self->request_close(1001, "server shutting down"); });
  });
  if (expires_at_) {
    // What the token allowed ends when the token does: the client reconnects with a new one
    // (and since=<last id>, losing nothing).
    auto left = std::chrono::system_clock::from_time_t(*expires_at_) - std::chrono::system_clock::now();
    expiry_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(left));
    expiry_.async_wait([weak = weak_from_this()](error_code cancelled) {
      if (auto self = weak.lock(); self && !cancelled) self->request_close(kCloseUnauthorized, "token expired");
    });
  }
  asio::co_spawn(ws_.get_executor(), read_loop(), asio::detached);
  co_await write_loop();
  expiry_.cancel();
  state_->drains.remove(stop_id);
}

}  // namespace

asio::awaitable<void> ws_session(std::shared_ptr<ServerState> state, beast::tcp_stream stream,
                                 http::request<http::string_body> upgrade) {
  auto session = std::make_shared<WsSession>(std::move(state), std::move(stream));
  co_await session->run(std::move(upgrade));
}

}  // namespace dagboard::server
