// SPDX-License-Identifier: Apache-2.0
// Keeps the state_changes table in step with the event log: in every writing transaction, and
// by a full replay (the check, and the first open of a database that has events but no changes).
#pragma once

#include <dagboard/statistics.hpp>

#include "storage/database.hpp"

namespace DAGBOARD_NAMESPACE::stats {

/// The projection every write runs on its events (installed by Workspace::open).
storage::EventProjection state_change_projection();
/// Replays the log and compares; with `rebuild`, rewrites what differs.
StatsCheck check_state_changes(storage::Database& db, bool rebuild);
/// Fills the table from the log when it is empty but the log is not (a database from before
/// statistics).
void backfill_state_changes(storage::Database& db);

}  // namespace dagboard::stats
