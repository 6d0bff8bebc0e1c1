// SPDX-License-Identifier: Apache-2.0
// The handlers of verified GitHub webhook payloads (upstream github_integration.py, fixed).
#pragma once

#include <dagboard/github.hpp>
#include <dagboard/references.hpp>
#include <dagboard/ticket.hpp>

#include "core/context.hpp"

namespace DAGBOARD_NAMESPACE::vcs {

struct WebhookContext {
  detail::ContextPtr ctx;
  Project project;        // the project whose secret signed the delivery
  const Json& payload;
};

WebhookResult handle_push(const WebhookContext& w);
WebhookResult handle_pull_request(const WebhookContext& w);
WebhookResult handle_issues(const WebhookContext& w);
WebhookResult handle_commit_comment(const WebhookContext& w);

/// The project's ticket a reference names: a key of this project, a ticket id of this project, or
/// an issue number of this project's repository linked to a ticket.
std::optional<Ticket> resolve_reference(const WebhookContext& w, const Reference& r);

}  // namespace dagboard::vcs
