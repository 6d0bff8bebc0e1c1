// SPDX-License-Identifier: Apache-2.0
#include <dagboard/documents.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Document& d) {
  using core::or_null;
  return Json{{"id", d.id},
              {"lineage_id", d.lineage_id},
              {"kind", d.kind},
              {"project_id", or_null(d.project_id)},
              {"exploration_id", or_null(d.exploration_id)},
              {"requirements_id", or_null(d.requirements_id)},
              {"title", d.title},
              {"version", d.version},
              {"previous_version_id", or_null(d.previous_version_id)},
              {"storage_location", d.storage_location},
              {"content_size", d.content_size},
              {"content_hash", d.content_hash},
              {"content_type", d.content_type},
              {"s3_bucket", or_null(d.s3_bucket)},
              {"s3_key", or_null(d.s3_key)},
              {"s3_region", or_null(d.s3_region)},
              {"total_requirements", d.total_requirements},
              {"requirements_by_category", d.requirements_by_category},
              {"sections", d.sections},
              {"components_designed", d.components_designed},
              {"diagrams_included", d.diagrams_included},
              {"status", d.status},
              {"submitted_at", or_null(d.submitted_at)},
              {"approved_by", or_null(d.approved_by)},
              {"approved_at", or_null(d.approved_at)},
              {"rejected_by", or_null(d.rejected_by)},
              {"rejected_at", or_null(d.rejected_at)},
              {"rejection_reason", or_null(d.rejection_reason)},
              {"created_by", or_null(d.created_by)},
              {"created_at", to_iso8601(d.created_at)},
              {"updated_at", to_iso8601(d.updated_at)}};
}

Json to_json(const IndividualRequirement& r) {
  using core::or_null;
  return Json{{"id", r.id},
              {"document_id", r.document_id},
              {"requirement_id", r.requirement_id},
              {"requirement_number", r.requirement_number},
              {"title", or_null(r.title)},
              {"description", r.description},
              {"ears_format", or_null(r.ears_format)},
              {"ears_pattern", or_null(r.ears_pattern)},
              {"category", r.category},
              {"priority", or_null(r.priority)},
              {"source", or_null(r.source)},
              {"linked_task_ids", r.linked_task_ids},
              {"created_at", to_iso8601(r.created_at)}};
}

Json to_json(const ApprovalGate& g) {
  return Json{{"task_id", g.task_id},
              {"document_id", g.document_id},
              {"satisfied", g.satisfied},
              {"created_at", to_iso8601(g.created_at)},
              {"satisfied_at", core::or_null(g.satisfied_at)}};
}

NewDocument new_document_from_json(const Json& j) {
  util::JsonInput in(j);
  NewDocument r;
  r.kind = in.string("kind").value_or("document");
  r.project_id = in.string("project_id");
  r.exploration_id = in.string("exploration_id");
  r.requirements_id = in.string("requirements_id");
  r.title = in.required_string("title");
  r.content = in.required_string("content");
  r.content_type = in.string("content_type").value_or("text/markdown");
  r.components_designed = in.strings("components_designed").value_or(std::vector<std::string>{});
  r.created_by = in.string("created_by");
  in.finish();
  return r;
}

DocumentQuery document_query_from_json(const Json& j) {
  util::JsonInput in(j);
  DocumentQuery q;
  q.project_id = in.string("project_id");
  q.exploration_id = in.string("exploration_id");
  q.kind = in.any_of("kind");
  q.status = in.any_of("status");
  q.latest_only = in.boolean("latest_only").value_or(true);
  q.page = in.page_request();
  in.finish();
  return q;
}

NewDocumentVersion new_document_version_from_json(const Json& j) {
  util::JsonInput in(j);
  NewDocumentVersion r;
  r.content = in.required_string("content");
  r.title = in.string("title");
  r.components_designed = in.strings("components_designed");
  r.created_by = in.string("created_by");
  in.finish();
  return r;
}

}  // namespace dagboard
