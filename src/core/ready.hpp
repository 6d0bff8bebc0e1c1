// SPDX-License-Identifier: Apache-2.0
// Ranking ready work from the index: filters, scores, cursor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/scheduler.hpp>

#include "graph/project_graph.hpp"

namespace DAGBOARD_NAMESPACE::core {

struct ReadyFilter {
  std::optional<std::string> phase_id;
  std::optional<std::vector<std::string>> capabilities;  // normalized
};

struct RankedTask {
  std::string id;
  double score = 0;
  long long created_at = 0;
  bool expired_lease = false;  // held by an agent whose lease ran out
};

/// Where a page of ready work ends: the last entry, and the clock the ranking was scored at
/// (later pages score at the same instant, so time passing cannot reorder them).
struct ReadyCursor {
  long long scored_at = 0;
  RankedTask last;
};

/// Claimable tasks (pending with every dependency completed, or holding an expired lease)
/// that pass `filter`, best first: score descending, then oldest, then id. At most `limit`
/// after `after` (a previous page's last entry).
std::vector<RankedTask> rank_ready(const graph::ProjectGraph& g, const ReadyFilter& filter,
                                   long long now_us, const ScoreWeights& weights, size_t limit,
                                   const std::optional<RankedTask>& after = std::nullopt);

/// When work that `filter` allows next becomes claimable without any write (a lease running
/// out, a retry's back-off ending), in microseconds after `now_us`; nullopt when nothing waits.
std::optional<long long> next_claimable_change(const graph::ProjectGraph& g,
                                               const ReadyFilter& filter, long long now_us);

std::string encode_ready_cursor(const ReadyCursor& cursor);
/// @throws ValidationError (field cursor).
std::optional<ReadyCursor> decode_ready_cursor(const std::optional<std::string>& cursor);

}  // namespace dagboard::core
