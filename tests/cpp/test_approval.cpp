// SPDX-License-Identifier: Apache-2.0
// Ticket approval; ports upstream's test_ticket_approval.py.
#include <thread>

#include "support.hpp"

namespace dagboard::test {
namespace {

class ApprovalTest : public BackendTest {
 protected:
  Project reviewed(const std::string& key, const std::string& on_reject, int timeout = 1800) {
    return ws->projects().create(
        {.name = key, .key = key,
         .settings = Json{{"approval", {{"ticket_human_review", true}, {"timeout_seconds", timeout}, {"on_reject", on_reject}}}}});
  }
};

TEST_P(ApprovalTest, ReviewOnStartsPendingWithDeadline) {
  Project p = reviewed("REV", "delete");
  Ticket t = ws->tickets().create({.project_id = p.id, .title = "x", .requested_by_agent_id = "agent-1"});
  EXPECT_EQ(t.approval_status, ApprovalStatus::pending_review);
  ASSERT_TRUE(t.approval_deadline_at.has_value());
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(*t.approval_deadline_at - t.created_at).count();
  EXPECT_EQ(wait, 1800);
  EXPECT_EQ(t.requested_by_agent_id, "agent-1");
  auto pending = ws->events().read({.event_types = {"TICKET_APPROVAL_PENDING"}});
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].payload["deadline_at"], to_iso8601(*t.approval_deadline_at));
  EXPECT_EQ(ws->tickets().pending_review_count(p.id), 1);
  // Not approved: no transitions or moves unless forced.
  EXPECT_DAGBOARD_ERROR(ws->tickets().transition(t.id, TicketStatus::analyzing), ErrorCode::invalid_transition);
  EXPECT_DAGBOARD_ERROR(ws->board().move(t.id, "analyzing"), ErrorCode::invalid_transition);
  Ticket a = ws->tickets().approve(t.id, "human-1");
  EXPECT_EQ(a.approval_status, ApprovalStatus::approved);
  EXPECT_FALSE(a.approval_deadline_at.has_value());
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_APPROVED"}})[0].payload["approver_id"], "human-1");
  EXPECT_EQ(ws->tickets().transition(t.id, TicketStatus::analyzing).status, TicketStatus::analyzing);
  EXPECT_DAGBOARD_ERROR(ws->tickets().approve(t.id), ErrorCode::invalid_transition);
  EXPECT_DAGBOARD_ERROR(ws->tickets().reject(t.id, "late"), ErrorCode::invalid_transition);
  EXPECT_EQ(ws->tickets().pending_review_count(p.id), 0);
}

TEST_P(ApprovalTest, ReviewOffIsApprovedWithoutDeadline) {
  Project p = ws->projects().create({.name = "n", .key = "OFF"});
  Ticket t = ws->tickets().create({.project_id = p.id, .title = "x"});
  EXPECT_EQ(t.approval_status, ApprovalStatus::approved);
  EXPECT_FALSE(t.approval_deadline_at.has_value());
  EXPECT_DAGBOARD_ERROR(ws->tickets().approve(t.id), ErrorCode::invalid_transition);
}

TEST_P(ApprovalTest, RejectDeletesOrArchives) {
  Project del = reviewed("DEL", "delete");
  Project arc = reviewed("ARC", "archive");
  Ticket d = ws->tickets().create({.project_id = del.id, .title = "x"});
  Ticket a = ws->tickets().create({.project_id = arc.id, .title = "y"});
  EXPECT_DAGBOARD_ERROR(ws->tickets().reject(d.id, ""), ErrorCode::validation_failed);
  EXPECT_EQ(ws->tickets().reject(d.id, "out of scope", "human-2").approval_status, ApprovalStatus::rejected);
  EXPECT_FALSE(ws->tickets().find(d.id).has_value());
  Ticket kept = ws->tickets().reject(a.id, "duplicate");
  EXPECT_EQ(ws->tickets().get(a.id).approval_status, ApprovalStatus::rejected);
  EXPECT_EQ(ws->tickets().get(a.id).rejection_reason, "duplicate");
  auto rejected = ws->events().read({.event_types = {"TICKET_REJECTED"}});
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0].payload["rejection_reason"], "out of scope");
  EXPECT_EQ(rejected[0].payload["rejector_id"], "human-2");
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_DELETED"}}).size(), 1u);
}

TEST_P(ApprovalTest, TimeoutsTakeOnlyExpiredPendingTickets) {
  Project p = reviewed("TMO", "archive", 1);
  Ticket old = ws->tickets().create({.project_id = p.id, .title = "old"});
  Ticket approved = ws->tickets().create({.project_id = p.id, .title = "approved"});
  ws->tickets().approve(approved.id);
  Ticket fresh = ws->tickets().create(
      {.project_id = p.id, .title = "fresh", .approval_deadline_at = now() + std::chrono::hours(1)});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(ws->tickets().check_approval_timeouts(), std::vector<std::string>{old.id});
  Ticket t = ws->tickets().get(old.id);
  EXPECT_EQ(t.approval_status, ApprovalStatus::timed_out);
  EXPECT_EQ(t.rejection_reason, "Approval timeout exceeded");
  EXPECT_EQ(ws->tickets().get(fresh.id).approval_status, ApprovalStatus::pending_review);
  EXPECT_EQ(ws->tickets().get(approved.id).approval_status, ApprovalStatus::approved);
  EXPECT_TRUE(ws->tickets().check_approval_timeouts().empty());
  EXPECT_EQ(ws->events().read({.event_types = {"TICKET_TIMED_OUT"}}).size(), 1u);
}

TEST_P(ApprovalTest, BadSettingsAreNamed) {
  Project p = ws->projects().create(
      {.name = "b", .key = "BAD", .settings = Json{{"approval", {{"on_reject", "shred"}}}}});
  auto e = catch_error([&] { ws->tickets().create({.project_id = p.id, .title = "x"}); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details()["field"], "settings.approval.on_reject");
  EXPECT_EQ(ws->tickets().list({.project_id = p.id}).items.size(), 0u);
}

DAGBOARD_INSTANTIATE_BACKENDS(ApprovalTest);

}  // namespace
}  // namespace dagboard::test
