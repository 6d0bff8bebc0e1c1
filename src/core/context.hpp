// SPDX-License-Identifier: Apache-2.0
// What every service handle shares: the open database and who is acting.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <dagboard/fwd.hpp>

#include <dagboard/documents.hpp>
#include <dagboard/github.hpp>
#include <dagboard/scheduler.hpp>

#include "graph/cache.hpp"
#include "storage/database.hpp"

namespace DAGBOARD_NAMESPACE::scheduling {
class ClaimWaiters;
}

namespace DAGBOARD_NAMESPACE::detail {

class EventHub;

struct Context {
  std::shared_ptr<storage::Database> db;
  std::shared_ptr<graph::GraphCache> graphs;          // shared by every handle on this database
  std::shared_ptr<EventHub> events;                   // the same
  std::shared_ptr<scheduling::ClaimWaiters> waiters;  // the same
  ScoreWeights weights;
  std::optional<std::string> actor;
  GitHubClientOptions github;
  DocumentStoreOptions documents;
};

}  // namespace dagboard::detail
