// SPDX-License-Identifier: Apache-2.0
// The server's socket-free parts: routing, targets, the status table, the WebSocket protocol,
// tokens, static files, options.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <fstream>

#include <dagboard/errors.hpp>

#include "core/auth.hpp"
#include "core/options.hpp"
#include "core/responses.hpp"
#include "core/router.hpp"
#include "core/static_files.hpp"
#include "core/url.hpp"
#include "core/ws_protocol.hpp"
#include "openapi/openapi.hpp"
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

Response named(const char* name) {
  Response r;
  r.body = name;
  return r;
}

Request request(const std::string& method, const std::string& path) {
  Request r;
  r.method = method;
  r.path = path;
  return r;
}

Json error_body(const Response& r) {
  return Json::parse(r.body).at("error");
}

TEST(Router, LiteralSegmentsBeatParametersAndParamsAreCaptured) {
  Router router;
  router.get("/api/v1/tickets/{id}", [](Request&) { return named("get"); });
  router.get("/api/v1/tickets/pending-review-count", [](Request&) { return named("count"); });
  router.post("/api/v1/tasks/{id}/dependencies/{dep}",
              [](Request& q) { return named((q.param(0) + "|" + q.param(1)).c_str()); });
  auto a = request("GET", "/api/v1/tickets/pending-review-count");
  EXPECT_EQ(router.dispatch(a).body, "count");
  auto b = request("GET", "/api/v1/tickets/PAY-1");
  EXPECT_EQ(router.dispatch(b).body, "get");
  auto c = request("POST", "/api/v1/tasks/x/dependencies/y");
  EXPECT_EQ(router.dispatch(c).body, "x|y");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router router;
  router.get("/api/v1/board/view", [](Request&) { return named("view"); });
  router.post("/api/v1/board/view", [](Request&) { return named("view"); });
  auto missing = request("GET", "/api/v1/board/nothing");
  Response r = router.dispatch(missing);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_body(r).at("code"), "NOT_FOUND");
  auto wrong = request("DELETE", "/api/v1/board/view");
  r = router.dispatch(wrong);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(error_body(r).at("code"), "METHOD_NOT_ALLOWED");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "GET, POST, HEAD"}));
  auto empty_segment = request("GET", "/api/v1//view");
  EXPECT_EQ(router.dispatch(empty_segment).status, 404);
}

TEST(Router, LibraryErrorsBecomeTheirCodedResponse) {
  Router router;
  router.get("/x", [](Request&) -> Response { throw DependencyCycle({"a", "b", "a"}); });
  auto q = request("GET", "/x");
  Response r = router.dispatch(q);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(error_body(r).at("details").at("cycle"), Json::array({"a", "b", "a"}));
}

TEST(StatusTable, EveryCodeHasItsStatus) {
  const std::map<ErrorCode, int> expected = {
      {ErrorCode::project_not_found, 404},   {ErrorCode::ticket_not_found, 404},
      {ErrorCode::task_not_found, 404},      {ErrorCode::agent_not_found, 404},
      {ErrorCode::document_not_found, 404},  {ErrorCode::commit_not_found, 404},
      {ErrorCode::route_not_found, 404},     {ErrorCode::exploration_not_found, 404},
      {ErrorCode::discovery_not_found, 404}, {ErrorCode::task_dependency_cycle, 409},
      {ErrorCode::wip_limit_exceeded, 409},  {ErrorCode::agent_not_available, 409},
      {ErrorCode::invalid_transition, 409},  {ErrorCode::conflict, 409},
      {ErrorCode::validation_failed, 400},   {ErrorCode::signature_invalid, 401},
      {ErrorCode::unauthorized, 401},        {ErrorCode::guardian_intervention_required, 403},
      {ErrorCode::method_not_allowed, 405},  {ErrorCode::cursor_expired, 410},
      {ErrorCode::payload_too_large, 413},   {ErrorCode::precondition_failed, 412},
      {ErrorCode::storage_error, 503},       {ErrorCode::unavailable, 503},
      {ErrorCode::upstream_error, 502},      {ErrorCode::integrity_error, 500},
      {ErrorCode::internal_error, 500}};
  for (int c = 0; c <= static_cast<int>(ErrorCode::internal_error); ++c) {
    auto code = static_cast<ErrorCode>(c);
    ASSERT_TRUE(expected.count(code)) << to_string(code);
    EXPECT_EQ(http_status(code), expected.at(code)) << to_string(code);
  }
}

TEST(Targets, PathAndQueryAreDecoded) {
  auto t = parse_target("/api/v1/tickets/PAY%2D1?q=two+words&list=a%2Cb&empty=&flag");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/v1/tickets/PAY-1");
  EXPECT_EQ(t->query.at("q"), "two words");
  EXPECT_EQ(t->query.at("list"), "a,b");
  EXPECT_EQ(t->query.at("empty"), "");
  EXPECT_EQ(t->query.at("flag"), "");
  EXPECT_FALSE(parse_target("/bad%zz"));
  EXPECT_FALSE(parse_target("/bad%4"));
  EXPECT_FALSE(parse_target("http://elsewhere/"));
  EXPECT_EQ(parse_target("/a+b")->path, "/a+b");  // '+' is a space only in queries
}

TEST(QueryJson, TypesAndUnknownParameters) {
  Request q;
  q.query = {
      {"limit", "5"}, {"ids", " a , b ,"}, {"force", "true"}, {"name", "x"}, {"fields", "id"}};
  Json j = query_json(q, {.text = {"name"}, .lists = {"ids"}, .flags = {"force"}});
  EXPECT_EQ(j, (Json{{"limit", 5}, {"ids", {"a", "b"}}, {"force", true}, {"name", "x"}}));
  q.query["typo"] = "1";
  try {
    query_json(q, {.text = {"name"}, .lists = {"ids"}, .flags = {"force"}});
    FAIL() << "unknown parameter accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.details().at("field"), "typo");
  }
  q.query = {{"force", "yes"}};
  EXPECT_THROW(query_json(q, {.text = {}, .flags = {"force"}}), ValidationError);
}

TEST(WsProtocol, ParamsFiltersAndSubscribeMerge) {
  auto p = parse_ws_params(
      {{"token", "t"}, {"event_types", " A, B ,"}, {"since", "42"}, {"project_id", "P"}});
  EXPECT_EQ(p.token, "t");
  EXPECT_EQ(p.filter.event_types, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(p.since, 42);
  EXPECT_EQ(p.filter.project_id, "P");
  EXPECT_THROW(parse_ws_params({{"since", "-1"}}), ValidationError);
  EXPECT_THROW(parse_ws_params({{"colour", "red"}}), ValidationError);

  auto reply = handle_client_message(R"({"type":"subscribe","entity_types":["task"]})", p.filter);
  ASSERT_TRUE(reply && reply->new_filter);
  EXPECT_EQ(reply->new_filter->event_types, p.filter.event_types);  // untouched keys stay
  EXPECT_EQ(reply->new_filter->entity_types, (std::vector<std::string>{"task"}));
  EXPECT_EQ(Json::parse(reply->frame),
            (Json{{"status", "subscribed"}, {"filters", {{"entity_types", {"task"}}}}}));
  EXPECT_EQ(Json::parse(handle_client_message("{nope", p.filter)->frame),
            (Json{{"error", "Invalid JSON message"}}));
  EXPECT_EQ(Json::parse(handle_client_message(R"({"type":"ping"})", p.filter)->frame),
            (Json{{"type", "pong"}}));
  EXPECT_FALSE(handle_client_message(R"({"type":"pong"})", p.filter));
  auto bad = handle_client_message(R"({"type":"subscribe","event_types":"A"})", p.filter);
  EXPECT_FALSE(bad->new_filter);
  EXPECT_EQ(Json::parse(bad->frame).at("error").at("code"), "VALIDATION_FAILED");
}

TEST(WsProtocol, OneFramePerEventIsShared) {
  Event e;
  e.id = 7;
  e.event_type = "TASK_CREATED";
  auto a = event_frame(e);
  auto b = event_frame(e);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(Json::parse(*a).at("id"), 7);
  e.id = 8;
  EXPECT_NE(event_frame(e).get(), a.get());
}

TEST(Tokens, IssuedTokensVerifyAndOthersAreRefused) {
  TokenVerifier verifier(std::string(40, 's'));
  EXPECT_EQ(verifier.verify(verifier.issue("alice", std::chrono::seconds(60))).subject, "alice");
  TokenVerifier other(std::string(40, 'o'));
  auto expect_refused = [&](const std::string& token) {
    try {
      verifier.verify(token);
      ADD_FAILURE() << "accepted " << token;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unauthorized);
    }
  };
  expect_refused(other.issue("alice", std::chrono::seconds(60)));
  expect_refused(verifier.issue("alice", std::chrono::seconds(-5)));
  expect_refused("");
  expect_refused("a.b.c");
  // {"alg":"none","typ":"JWT"} . {"sub":"x","exp":4102444800} . (no signature)
  expect_refused("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.");
  EXPECT_THROW(TokenVerifier("short"), ValidationError);
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer abc"), "abc");
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer "));
}

TEST(StaticFiles, NothingOutsideTheRoot) {
  namespace fs = std::filesystem;
  fs::path base = fs::temp_directory_path() / ("dagboard-static-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "root" / "sub");
  std::ofstream(base / "root" / "index.html") << "home";
  std::ofstream(base / "root" / "sub" / "a.css") << "css";
  std::ofstream(base / "secret.txt") << "secret";
  fs::create_symlink(base / "secret.txt", base / "root" / "escape.txt");
  fs::create_directory_symlink(base, base / "root" / "up");
  StaticFiles files(base / "root");
  EXPECT_EQ(files.serve("/")->body, "home");
  EXPECT_EQ(files.serve("/sub/a.css")->content_type, "text/css; charset=utf-8");
  for (const char* path : {"/../secret.txt", "/sub/../../secret.txt", "/escape.txt",
                           "/up/secret.txt", "/sub\\..\\..\\secret.txt", "/missing.js"})
    EXPECT_FALSE(files.serve(path)) << path;
  // An app route (no extension) with no file behind it is the app's index.html, never a file
  // outside the root.
  for (const char* path : {"/board/DEMO", "/missing", "/up", "/../secret", "/up/secret"})
    EXPECT_EQ(files.serve(path)->body, "home") << path;
  EXPECT_FALSE(files.serve(std::string("/index.html\0x", 13)));
  fs::remove_all(base);
  EXPECT_THROW(StaticFiles(base / "root"), ValidationError);
}

TEST(Options, CommandLineRules) {
  const char* ok[] = {"x",           "--db",          "sqlite::memory:", "--listen",
                      "127.0.0.1:0", "--dev-no-auth", "--threads=3"};
  auto o = parse_options(7, ok);
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.threads, 3);
  EXPECT_TRUE(o.dev_no_auth);
  const char* remote[] = {"x", "--listen", "0.0.0.0:80", "--dev-no-auth"};
  EXPECT_THROW(parse_options(4, remote), ValidationError);
  const char* no_auth[] = {"x"};
  EXPECT_THROW(parse_options(1, no_auth), ValidationError);
  const char* bad_port[] = {"x", "--listen", "127.0.0.1:70000", "--dev-no-auth"};
  EXPECT_THROW(parse_options(4, bad_port), ValidationError);
  const char* ipv6[] = {"x", "--listen", "[::1]:9000", "--dev-no-auth"};
  EXPECT_EQ(parse_options(4, ipv6).host, "::1");
}

TEST(Options, LoopbackIsAnAddressNotAPrefix) {
  for (const char* host : {"127.0.0.1", "127.3.2.1", "::1", "localhost"}) EXPECT_TRUE(is_loopback(host)) << host;
  for (const char* host : {"127.evil.example", "127.0.0.1.nip.io", "0.0.0.0", "::", "10.0.0.1", "127."})
    EXPECT_FALSE(is_loopback(host)) << host;
}

TEST(OpenApi, DescribesEveryRouteAndNothingElse) {
  std::set<std::string> routed, described;
  for (const auto& r : make_api_router().routes()) routed.insert(r.method + " " + r.pattern);
  for (const auto& op : operations()) {
    EXPECT_TRUE(described.insert(std::string(op.method) + " " + op.path).second) << op.path << " twice";
  }
  std::vector<std::string> undocumented, unrouted;
  std::set_difference(routed.begin(), routed.end(), described.begin(), described.end(),
                      std::back_inserter(undocumented));
  std::set_difference(described.begin(), described.end(), routed.begin(), routed.end(),
                      std::back_inserter(unrouted));
  EXPECT_EQ(undocumented, std::vector<std::string>{}) << "routes the OpenAPI document lacks";
  EXPECT_EQ(unrouted, std::vector<std::string>{}) << "documented routes the router lacks";
  EXPECT_GE(routed.size(), 140u);
}

TEST(OpenApi, NamesOnlySchemasItDefines) {
  const Json& doc = openapi_document();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["version"], library_version_string());
  std::function<void(const Json&)> check = [&](const Json& j) {
    if (j.is_object()) {
      if (j.contains("$ref")) {
        const std::string target = j.at("$ref").get<std::string>();
        ASSERT_EQ(target.rfind("#/", 0), 0u) << target;
        EXPECT_TRUE(doc.contains(Json::json_pointer(target.substr(1)))) << target;
      }
      for (const auto& [_, v] : j.items()) check(v);
    } else if (j.is_array()) {
      for (const auto& v : j) check(v);
    }
  };
  check(doc);
  // Every operation answers its errors with the one Error shape, whose codes are all the codes.
  auto codes = doc["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"];
  EXPECT_NE(std::find(codes.begin(), codes.end(), "WIP_LIMIT_EXCEEDED"), codes.end());
  EXPECT_EQ(codes.size(), static_cast<size_t>(ErrorCode::internal_error) + 1);
  EXPECT_TRUE(doc["paths"]["/api/v1/health"]["get"]["security"].empty());
  EXPECT_EQ(doc["paths"]["/api/v1/tickets"]["post"]["requestBody"]["content"]["application/json"]["schema"],
            (Json{{"$ref", "#/components/schemas/NewTicket"}}));
}

}  // namespace
}  // namespace dagboard::server
