// SPDX-License-Identifier: Apache-2.0
#include "storage/discovery_repo.hpp"

#include "storage/row.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const std::vector<std::string> kColumns{"id",
                                        "source_task_id",
                                        "ticket_id",
                                        "project_id",
                                        "agent_id",
                                        "discovery_type",
                                        "description",
                                        "spawned_task_ids",
                                        "priority_boost",
                                        "resolution_status",
                                        "metadata",
                                        "discovered_at",
                                        "resolved_at"};

Discovery discovery_from_row(const Row& r) {
  Discovery d;
  d.id = r.text("id");
  d.source_task_id = r.text("source_task_id");
  d.ticket_id = r.text("ticket_id");
  d.project_id = r.text("project_id");
  d.agent_id = r.opt_text("agent_id");
  d.discovery_type = r.text("discovery_type");
  d.description = r.text("description");
  d.spawned_task_ids = r.json("spawned_task_ids").get<std::vector<std::string>>();
  d.priority_boost = r.flag("priority_boost");
  d.resolution_status = r.text("resolution_status");
  d.metadata = r.json("metadata");
  d.discovered_at = r.time("discovered_at");
  d.resolved_at = r.opt_time("resolved_at");
  return d;
}

std::vector<Discovery> select_discoveries(Tx& tx, const std::string& where, Params params) {
  return query_rows(tx.sql(),
                    "SELECT " + join_columns(kColumns) + " FROM task_discoveries WHERE " + where,
                    std::move(params), discovery_from_row);
}

}  // namespace

void insert_discovery(Tx& tx, const Discovery& d) {
  exec(tx.sql(), insert_sql("task_discoveries", kColumns),
       Params()
           .set("id", d.id)
           .set("source_task_id", d.source_task_id)
           .set("ticket_id", d.ticket_id)
           .set("project_id", d.project_id)
           .set("agent_id", d.agent_id)
           .set("discovery_type", d.discovery_type)
           .set("description", d.description)
           .set_json("spawned_task_ids", Json(d.spawned_task_ids))
           .set("priority_boost", d.priority_boost)
           .set("resolution_status", d.resolution_status)
           .set_json("metadata", d.metadata)
           .set("discovered_at", d.discovered_at)
           .set("resolved_at", d.resolved_at));
}

std::optional<Discovery> find_discovery(Tx& tx, std::string_view id, bool lock) {
  if (!util::is_storable_text(id)) return std::nullopt;  // no stored id is like it
  return first_of(select_discoveries(tx, std::string("id = :id") + (lock ? tx.for_update() : ""),
                                     Params().set("id", id)));
}

void update_discovery(Tx& tx, const Discovery& d) {
  exec(tx.sql(),
       "UPDATE task_discoveries SET spawned_task_ids = :s, resolution_status = :r, metadata = :m, "
       "resolved_at = :t "
       "WHERE id = :id",
       Params()
           .set_json("s", Json(d.spawned_task_ids))
           .set("r", d.resolution_status)
           .set_json("m", d.metadata)
           .set("t", d.resolved_at)
           .set("id", d.id));
}

std::vector<Discovery> discoveries_where(Tx& tx, const char* column, const std::string& value,
                                         const std::optional<std::string>& resolution_status,
                                         int limit) {
  Params params;
  params.set("v", value);
  std::string where = std::string(column) + " = :v";
  if (resolution_status) {
    where += " AND resolution_status = :r";
    params.set("r", *resolution_status);
  }
  return select_discoveries(
      tx, where + " ORDER BY discovered_at DESC, id DESC LIMIT " + std::to_string(limit),
      std::move(params));
}

}  // namespace dagboard::storage
