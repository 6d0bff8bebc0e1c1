// SPDX-License-Identifier: Apache-2.0
#include "core/app.hpp"

#include <chrono>

#include "core/log.hpp"
#include "core/responses.hpp"
#include "core/url.hpp"
#include "routes/routes.hpp"

namespace dagboard::server {

App::App(const Options& options, Workspace workspace)
    : options_(options), workspace_(std::move(workspace)), router_(make_api_router()) {
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

bool App::may_wait(std::string_view method, std::string_view target) {
  return method == "POST" && target.substr(0, target.find('?')) == "/api/v1/scheduler/claim";
}

bool App::is_signed_path(std::string_view path) {
  return path == "/api/v1/webhooks/github" || path == "/api/v1/github/webhooks/github";
}

Response App::handle_api(Request& req, std::string_view authorization) const {
  if (req.path != "/api/v1/health" && req.path != "/api/v1/health/ready" &&
      !is_signed_path(req.path)) {
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
        res = handle_api(req, authorization);
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
