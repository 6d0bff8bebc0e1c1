// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/scheduler.hpp>

#include "core/changes.hpp"
#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "core/ready.hpp"
#include "core/task_lifecycle.hpp"
#include "graph/score.hpp"
#include "scheduling/claim_waiters.hpp"
#include "storage/agent_repo.hpp"
#include "storage/scheduler_repo.hpp"
#include "storage/task_repo.hpp"
#include "util/json_input.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

// How many of the best candidates one claim statement tries (others may win some), and how
// many fresh looks a claim takes before reporting no work.
constexpr size_t kClaimCandidates = 16;
constexpr int kClaimRounds = 4;

void check_lease(int seconds) {
  if (seconds < 1 || seconds > 86400)
    throw ValidationError("lease_seconds", "lease_seconds must be between 1 and 86400");
}

// The agent may take work: active (IDLE or RUNNING) and below its capacity.
Agent require_available_agent(storage::Tx& tx, std::string_view agent_id, bool lock) {
  auto load = storage::find_agent_load(tx, agent_id, lock);
  if (!load) throw NotFound(ErrorCode::agent_not_found, "agent", agent_id);
  const Agent& a = load->agent;
  long long held = load->held;
  bool active = a.status == AgentStatus::idle || a.status == AgentStatus::running;
  if (!active || held >= a.capacity) {
    throw Error(ErrorCode::agent_not_available,
                "agent " + a.id + (active ? " is at capacity" : " is not active"),
                Json{{"agent_id", a.id},
                     {"status", to_string(a.status)},
                     {"held", held},
                     {"capacity", a.capacity}});
  }
  return std::move(load->agent);
}

std::string work_project(storage::Tx& tx, const Agent& a,
                         const std::optional<std::string>& project) {
  if (project) return core::require_project(tx, *project).id;
  if (a.project_id) return *a.project_id;
  throw ValidationError("project_id",
                        "agent " + a.id + " has no project; name the project to take work from");
}

core::ReadyFilter filter_for(const Agent& a) {
  return core::ReadyFilter{a.phase_id, a.capabilities};
}

std::vector<core::RankedTask> candidates(const detail::Context& ctx, storage::Tx& tx,
                                         const Agent& a, const std::string& project, size_t count) {
  return core::with_current_graph(ctx, tx, project, [&](const graph::ProjectGraph& g) {
    return core::rank_ready(g, filter_for(a), util::to_micros(tx.now()), ctx.weights, count);
  });
}

void check_agent_fits(const Agent& a, const Task& t) {
  if (a.phase_id && *a.phase_id != t.phase_id)
    throw ValidationError(
        "task_id", "task " + t.id + " is in " + t.phase_id + ", agent works in " + *a.phase_id);
  for (const auto& need : t.required_capabilities) {
    if (std::find(a.capabilities.begin(), a.capabilities.end(), need) == a.capabilities.end())
      throw ValidationError("task_id", "agent " + a.id + " lacks capability '" + need + "'");
  }
}

// Writes the won claim's event and graph change.
Task record_claim(const detail::Context& ctx, storage::Tx& tx, Task t,
                  const std::optional<std::string>& previous_agent) {
  core::record_graph_change(ctx, tx, t.project_id, {t});
  Json payload{{"task_id", t.id},
               {"ticket_id", t.ticket_id},
               {"agent_id", *t.assigned_agent_id},
               {"lease_expires_at", core::or_null(t.lease_expires_at)}};
  if (previous_agent && previous_agent != t.assigned_agent_id)
    payload["previous_agent_id"] = *previous_agent;
  tx.emit("TASK_ASSIGNED", "task", t.id, t.project_id, std::move(payload));
  return t;
}

}  // namespace

Json to_json(const ScoreWeights& w) {
  return Json{{"priority", w.priority},
              {"age", w.age},
              {"deadline", w.deadline},
              {"blockers", w.blockers},
              {"retry", w.retry},
              {"age_ceiling_seconds", w.age_ceiling_seconds},
              {"sla_urgency_window_seconds", w.sla_urgency_window_seconds},
              {"starvation_limit_seconds", w.starvation_limit_seconds},
              {"blocker_ceiling", w.blocker_ceiling},
              {"sla_boost_multiplier", w.sla_boost_multiplier},
              {"starvation_floor_score", w.starvation_floor_score}};
}

ScoreWeights score_weights_from_json(const Json& j) {
  util::JsonInput in(j);
  ScoreWeights w;
  auto read = [&](const char* key, double& field, bool positive) {
    if (auto v = in.number(key)) {
      if (*v < 0 || (positive && *v == 0))
        throw ValidationError(key, std::string(key) + " must be positive");
      field = *v;
    }
  };
  read("priority", w.priority, false);
  read("age", w.age, false);
  read("deadline", w.deadline, false);
  read("blockers", w.blockers, false);
  read("retry", w.retry, false);
  read("age_ceiling_seconds", w.age_ceiling_seconds, true);
  read("sla_urgency_window_seconds", w.sla_urgency_window_seconds, true);
  read("starvation_limit_seconds", w.starvation_limit_seconds, true);
  read("blocker_ceiling", w.blocker_ceiling, true);
  read("sla_boost_multiplier", w.sla_boost_multiplier, false);
  read("starvation_floor_score", w.starvation_floor_score, false);
  in.finish();
  return w;
}

std::optional<Task> SchedulerService::next_task(
    std::string_view agent_id, const std::optional<std::string>& project_id) const {
  return ctx_->db->read([&](storage::Tx& tx) -> std::optional<Task> {
    Agent a = require_available_agent(tx, agent_id, /*lock=*/false);
    auto best = candidates(*ctx_, tx, a, work_project(tx, a, project_id), 1);
    if (best.empty()) return std::nullopt;
    Task t = core::require_task(tx, best.front().id);
    t.score = best.front().score;
    return t;
  });
}

namespace {

constexpr double kMaxWaitSeconds = 300;

void check_wait(double seconds) {
  if (!(seconds >= 0 && seconds <= kMaxWaitSeconds))
    throw ValidationError("wait_seconds", "wait_seconds must be between 0 and 300");
}

scheduling::WaitKey wait_key(const Agent& a, std::string project) {
  auto caps = a.capabilities;
  std::sort(caps.begin(), caps.end());
  return {std::move(project), a.phase_id.value_or(""), std::move(caps)};
}

}  // namespace

ClaimRequest claim_request_from_json(const Json& j) {
  util::JsonInput in(j);
  in.string("agent_id");  // the caller's to read
  ClaimRequest r;
  r.task_id = in.string("task_id");
  r.project_id = in.string("project_id");
  if (auto v = in.integer("lease_seconds")) r.lease_seconds = util::to_int("lease_seconds", *v);
  if (auto v = in.number("wait_seconds")) r.wait_seconds = *v;
  in.finish();
  check_lease(r.lease_seconds);
  check_wait(r.wait_seconds);
  return r;
}

LeaseCall lease_call_from_json(const Json& j, bool with_lease) {
  util::JsonInput in(j);
  LeaseCall c;
  c.task_id = in.required_string("task_id");
  c.agent_id = in.required_string("agent_id");
  if (with_lease) {
    if (auto v = in.integer("lease_seconds")) c.lease_seconds = util::to_int("lease_seconds", *v);
  }
  in.finish();
  check_lease(c.lease_seconds);
  return c;
}

void SchedulerService::interrupt_waits() const {
  ctx_->waiters->interrupt_all();
}

std::optional<Task> SchedulerService::claim(std::string_view agent_id,
                                            const ClaimRequest& request) const {
  check_lease(request.lease_seconds);
  check_wait(request.wait_seconds);
  if (request.wait_seconds == 0) return claim_now(agent_id, request);
  auto deadline = dagboard::now() +
                  std::chrono::microseconds(static_cast<long long>(request.wait_seconds * 1e6));
  // Named, not a structured binding: the lambdas below capture them (clang 14 refuses that).
  auto found = ctx_->db->read([&](storage::Tx& tx) {
    Agent a = require_available_agent(tx, agent_id, /*lock=*/false);
    std::string p = request.task_id ? core::require_task(tx, *request.task_id).project_id
                                    : work_project(tx, a, request.project_id);
    return std::pair(std::move(a), std::move(p));
  });
  const Agent& agent = found.first;
  const std::string& project = found.second;
  auto next_change = [&]() -> std::optional<Timestamp> {
    auto at = ctx_->db->read([&](storage::Tx& tx) {
      return core::with_current_graph(*ctx_, tx, project, [&](const graph::ProjectGraph& g) {
        return core::next_claimable_change(g, filter_for(agent), util::to_micros(tx.now()));
      });
    });
    if (!at) return std::nullopt;
    return Timestamp(std::chrono::microseconds(*at));
  };
  return ctx_->waiters->wait(
      wait_key(agent, project), deadline, [&] { return claim_now(agent_id, request); },
      next_change);
}

std::optional<Task> SchedulerService::claim_now(std::string_view agent_id,
                                                const ClaimRequest& request) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) -> std::optional<Task> {
    // The agent's row lock makes its claims one at a time, so capacity holds.
    Agent a = require_available_agent(tx, agent_id, /*lock=*/true);
    Timestamp until = tx.now() + std::chrono::seconds(request.lease_seconds);
    if (request.task_id) {
      Task t = core::require_task(tx, *request.task_id);
      core::lock_project(tx, t.project_id);  // before the task's row: the one lock order
      check_agent_fits(a, t);
      auto won = storage::claim_first(tx, {t.id}, a.id, until);
      return won ? std::optional(record_claim(*ctx_, tx, std::move(won->task), won->previous_agent))
                 : std::nullopt;
    }
    std::string project = work_project(tx, a, request.project_id);
    core::lock_project(tx, project);  // before the tasks' rows: the one lock order
    // Other claimers may have taken every candidate since the index last saw them; a fresh look
    // (the graph version moved, so the index catches up) finds the rest.
    for (int round = 0; round < kClaimRounds; ++round) {
      std::vector<std::string> picks;
      for (auto& r : candidates(*ctx_, tx, a, project, kClaimCandidates))
        picks.push_back(std::move(r.id));
      if (auto won = storage::claim_first(tx, picks, a.id, until))
        return record_claim(*ctx_, tx, std::move(won->task), won->previous_agent);
      if (picks.size() < kClaimCandidates) break;  // that was all the ready work there is
    }
    return std::nullopt;
  });
}

namespace {

constexpr std::initializer_list<TaskStatus> kHeld{TaskStatus::claiming, TaskStatus::assigned,
                                                  TaskStatus::running};

}  // namespace

Task SchedulerService::renew_lease(std::string_view task_id, std::string_view agent_id,
                                   int lease_seconds) const {
  check_lease(lease_seconds);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Timestamp until = tx.now() + std::chrono::seconds(lease_seconds);
    const ActingAs by{std::string(agent_id)};
    return core::transition(
        *ctx_, tx, task_id, &by, kHeld, std::nullopt, "TASK_LEASE_RENEWED",
        [&](Task& t) { t.lease_expires_at = until; },
        [&](const Task& t) {
          return Json{{"lease_expires_at", core::or_null(t.lease_expires_at)}};
        });
  });
}

Task SchedulerService::release(std::string_view task_id, std::string_view agent_id) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    const ActingAs by{std::string(agent_id)};
    return core::transition(*ctx_, tx, task_id, &by, kHeld, TaskStatus::pending, "TASK_RELEASED",
                            [](Task& t) {
                              t.assigned_agent_id.reset();
                              t.lease_expires_at.reset();
                            });
  });
}

std::vector<std::string> SchedulerService::expire_leases() const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    auto ids = storage::expired_lease_ids(tx);
    for (const auto& id : ids) {
      auto agent = core::require_task(tx, id).assigned_agent_id;
      core::transition(
          *ctx_, tx, id, nullptr, kHeld, TaskStatus::pending, "TASK_LEASE_EXPIRED",
          [](Task& t) {
            t.assigned_agent_id.reset();
            t.lease_expires_at.reset();
          },
          [&](const Task&) {
            return Json{{"agent_id", core::or_null(agent)}};
          });
    }
    return ids;
  });
}

double SchedulerService::score(std::string_view task_id) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Task task = core::require_task(tx, task_id);
    return core::with_current_graph(*ctx_, tx, task.project_id, [&](const graph::ProjectGraph& g) {
      graph::Node n = g.find(task.id);
      if (n == graph::kNoNode) throw NotFound(ErrorCode::task_not_found, "task", task.id);
      return graph::score(g, n, util::to_micros(tx.now()), ctx_->weights);
    });
  });
}

}  // namespace dagboard
