// SPDX-License-Identifier: Apache-2.0
// Webhook payloads that pass the signature check (the fuzzer's bytes are signed with the
// project's secret), into every handler, on one in-memory workspace. The first byte picks the
// event. Handlers may refuse with a dagboard::Error; a crash or an escaping exception is a bug.
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include <dagboard/dagboard.hpp>

namespace {

using namespace dagboard;

constexpr const char* kSecret = "fuzz-webhook-secret";

std::string signature(const std::string& body) {
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), kSecret, 19, reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

Workspace& workspace() {
  static Workspace ws = [] {
    auto w = Workspace::open("sqlite::memory:");
    w.projects().create({.name = "Hello", .key = "PAY"});
    w.github().connect("PAY", "Codertocat", "Hello-World", kSecret);
    w.tickets().create({.project_id = "PAY", .title = "Refunds"});
    return w;
  }();
  return ws;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* events[] = {"push", "pull_request", "issues", "commit_comment", "ping"};
  WebhookDelivery d;
  d.event = events[data[0] % 5];
  d.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  d.signature = signature(d.body);
  try {
    (void)workspace().github().handle_webhook(d);
  } catch (const Error&) {
    // refused: expected for most inputs
  }
  return 0;
}
