// SPDX-License-Identifier: Apache-2.0
#include "core/router.hpp"

#include "core/conditional.hpp"
#include "core/responses.hpp"

namespace DAGBOARD_NAMESPACE::server {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

void Router::add(std::string method, const std::string& pattern, Handler handler) {
  Route r{std::move(method), pattern, split_path(pattern), 0, std::move(handler)};
  for (auto& s : r.segments) {
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}')
      s = "{}";
    else
      ++r.literals;
  }
  routes_.push_back(std::move(r));
}

const Router::Route* Router::match(const std::vector<std::string>& parts, const std::string& method,
                                   std::vector<std::string>* params, std::string* allow) const {
  const Route* best = nullptr;
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; ok && i < parts.size(); ++i)
      ok = r.segments[i] == "{}" ? !parts[i].empty() : r.segments[i] == parts[i];
    if (!ok) continue;
    if (r.method != method) {
      if (allow && allow->find(r.method) == std::string::npos)
        *allow += (allow->empty() ? "" : ", ") + r.method;
      continue;
    }
    if (!best || r.literals > best->literals) best = &r;
  }
  if (best && params) {
    params->clear();
    for (size_t i = 0; i < parts.size(); ++i)
      if (best->segments[i] == "{}") params->push_back(parts[i]);
  }
  return best;
}

std::vector<Router::Entry> Router::routes() const {
  std::vector<Entry> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

bool Router::knows(const std::string& path) const {
  std::string allow;
  auto parts = split_path(path);
  return match(parts, "", nullptr, &allow) || !allow.empty();
}

Response Router::dispatch(Request& req) const {
  std::string allow;
  auto parts = split_path(req.path);
  // HEAD is GET without the body (the listener sends the headers only), wherever GET is routed.
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  const Route* route = match(parts, method, &req.params, &allow);
  if (allow.find("GET") != std::string::npos) allow += ", HEAD";
  if (!route && !allow.empty()) {
    Response r =
        error_response(ErrorCode::method_not_allowed, req.method + " is not allowed on " + req.path,
                       Json{{"allow", allow}});
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (!route)
    return error_response(ErrorCode::route_not_found, "no route for " + req.path,
                          Json{{"path", req.path}});
  try {
    apply_if_match(req);
    return route->handler(req);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict && req.header("if-match") &&
        e.details().contains("expected_version"))
      return error_response(Error(ErrorCode::precondition_failed, e.what(), e.details()));
    return error_response(e);
  } catch (const Json::exception& e) {
    return error_response(ErrorCode::validation_failed, std::string("bad JSON value: ") + e.what(),
                          Json{{"field", "body"}, {"reason", e.what()}});
  }
}

}  // namespace dagboard::server
