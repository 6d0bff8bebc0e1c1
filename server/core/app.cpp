// SPDX-License-Identifier: Apache-2.0
#include "core/app.hpp"

#include <chrono>

#include "core/log.hpp"
#include "core/responses.hpp"
#include "core/url.hpp"
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {

App::App(const Options& options, Workspace workspace)
    : options_(options),
      workspace_(std::move(workspace)),
      router_(make_api_router()),
      cors_(options.cors_origins) {
  if (options_.jwt_secret_file) verifier_.emplace(read_secret_file(*options_.jwt_secret_file));
  if (options_.static_dir) statics_.emplace(*options_.static_dir);
}

Workspace App::authenticate(const std::optional<std::string>& token) const {
  if (!verifier_) return workspace_;  // --dev-no-auth
  if (!token)
    throw Error(ErrorCode::unauthorized, "missing token: send Authorization: Bearer <token>",
                Json{{"reason", "missing token"}});
  return workspace_.as_actor(verifier_->verify(*token).subject);
}

std::optional<long> App::token_expires_at(const std::optional<std::string>& token) const {
  if (!verifier_) return std::nullopt;
  if (!token) throw Error(ErrorCode::unauthorized, "missing token", Json{{"reason", "missing token"}});
  return verifier_->verify(*token).expires_at;
}

bool App::may_wait(std::string_view method, std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  // Webhooks too: checking a large body's signature takes CPU the I/O threads must not spend.
  return method == "POST" && (path == "/api/v1/scheduler/claim" || is_signed_path(path));
}

bool App::is_open_path(std::string_view path) {
  return path == "/api/v1/health" || path == "/api/v1/health/ready" || path == "/api/v1/openapi.json" ||
         is_signed_path(path);
}

bool App::is_signed_path(std::string_view path) {
  return path == "/api/v1/webhooks/github" || path == "/api/v1/github/webhooks/github";
}

namespace {

// "127.0.0.1:8080", "localhost", "[::1]:80" -> the host part.
std::string host_part(std::string_view host_header) {
  if (host_header.starts_with('[')) return std::string(host_header.substr(1, host_header.find(']') - 1));
  return std::string(host_header.substr(0, host_header.rfind(':')));
}

// Without tokens (--dev-no-auth) any page the browser opens could call the API: a cross-site
// form post (text/plain, no preflight) or a DNS-rebinding page (a foreign Host). Only loopback
// names and origins, and JSON bodies, get through.
void check_local_caller(const Request& req, const Cors& cors) {
  auto refuse = [](const std::string& why) {
    throw Error(ErrorCode::unauthorized, why + " (--dev-no-auth accepts local callers only)",
                Json{{"reason", why}});
  };
  auto host = req.header("host");
  if (host && !is_loopback(host_part(*host))) refuse("Host '" + *host + "' is not a loopback name");
  if (auto origin = req.header("origin"); origin && !cors.allows(req)) {
    auto scheme_end = origin->find("://");
    if (scheme_end == std::string::npos || !is_loopback(host_part(origin->substr(scheme_end + 3))))
      refuse("Origin '" + *origin + "' is not a loopback origin");
  }
  bool has_body = req.body.find_first_not_of(" \t\r\n") != std::string::npos;
  if (has_body && !req.content_type.starts_with("application/json"))
    throw ValidationError("Content-Type", "a request body must be sent as application/json");
}

}  // namespace

Response App::handle_api(Request& req, std::string_view authorization) const {
  if (!verifier_ && !is_signed_path(req.path)) {
    try {
      check_local_caller(req, cors_);
    } catch (const Error& e) {
      return error_response(e);
    }
  }
  if (!is_open_path(req.path)) {
    try {
      req.ws = authenticate(bearer_token(authorization));
    } catch (const Error& e) {
      Response r = error_response(e);
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
  } else {
    req.ws = workspace_;
  }
  return router_.dispatch(req);
}

Response App::handle(const std::string& method, std::string_view target,
                     std::string_view authorization, std::string body, std::string content_type,
                     std::map<std::string, std::string> headers) const {
  auto started = std::chrono::steady_clock::now();
  Response res;
  Request req;
  req.method = method;
  try {
    auto parsed = parse_target(target);
    if (!parsed) {
      res = error_response(ErrorCode::validation_failed, "malformed request target",
                           Json{{"field", "target"}});
    } else {
      req.path = std::move(parsed->path);
      req.query = std::move(parsed->query);
      req.body = std::move(body);
      req.content_type = std::move(content_type);
      req.headers = std::move(headers);
      if (req.path.rfind("/api/", 0) == 0) {
        auto preflight = cors_.preflight(req);
        res = preflight ? std::move(*preflight) : handle_api(req, authorization);
        cors_.decorate(req, res);
      } else if (statics_ && (method == "GET" || method == "HEAD")) {
        auto file = statics_->serve(req.path);
        res = file ? std::move(*file)
                   : error_response(ErrorCode::route_not_found, "no file " + req.path);
      } else {
        res = error_response(ErrorCode::route_not_found, "no route for " + req.path,
                             Json{{"path", req.path}});
      }
    }
  } catch (const Error& e) {
    res = error_response(e);
  } catch (const std::exception& e) {
    log(LogLevel::error, method + " " + std::string(target) + ": " + e.what());
    res = error_response(ErrorCode::internal_error, "internal error");
  }
  if (log_enabled(LogLevel::debug)) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    log(LogLevel::debug, method + " " + std::string(target) + " " + std::to_string(res.status) +
                             " " + std::to_string(us.count()) + "us");
  }
  return res;
}

}  // namespace dagboard::server
