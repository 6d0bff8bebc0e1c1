// SPDX-License-Identifier: Apache-2.0
// What a client sends the server before any route runs: request targets and query strings,
// bearer tokens, and WebSocket client messages. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <dagboard/errors.hpp>
#include <dagboard/events.hpp>

#include "core/auth.hpp"
#include "core/url.hpp"
#include "core/ws_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      (void)dagboard::server::parse_target(text);
      break;
    case 1: {
      static const dagboard::server::TokenVerifier verifier(std::string(32, 'k'));
      try {
        (void)dagboard::server::bearer_token(text);
        (void)verifier.verify(text);
      } catch (const dagboard::Error&) {
        // refused: expected
      }
      break;
    }
    default:
      (void)dagboard::server::handle_client_message(text, dagboard::EventFilter{});
  }
  return 0;
}
