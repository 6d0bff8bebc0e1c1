// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_documents(py::module_& m) {
  py::class_<DocumentStore>(m, "DocumentStore", "Document content by SHA-256, in the database or S3.")
      .def("store", [](const DocumentStore& s, const std::string& content, const std::string& content_type) {
        return from_json_value(to_json(without_gil([&] { return s.store(content, content_type); })));
      }, py::arg("content"), py::arg("content_type") = "text/markdown",
         "store(content) -> {content_hash, content_size, storage_location, s3_bucket, s3_key, content_type, deduplicated}")
      .def("retrieve", [](const DocumentStore& s, const std::string& hash) {
        return without_gil([&] { return s.retrieve(hash); });
      }, py::arg("content_hash"), "The content, verified against its hash (IntegrityError otherwise).")
      .def("describe", [](const DocumentStore& s, const std::string& hash) -> py::object {
        auto d = without_gil([&] { return s.describe(hash); });
        return d ? from_json_value(to_json(*d)) : py::none();
      }, py::arg("content_hash"))
      .def("presigned_url", [](const DocumentStore& s, const std::string& hash, int expires) {
        return without_gil([&] { return s.presigned_url(hash, expires); });
      }, py::arg("content_hash"), py::arg("expires") = 3600);
}

void bind_document_service(py::module_& m) {
  py::class_<DocumentService>(m, "DocumentService",
                              "Versioned requirements and design documents with approval. The GIL is released in every call.")
      .def("store", [](const DocumentService& s, py::kwargs kw) {
        auto req = new_document_from_json(kwargs_json(kw));
        return make_record("Document", to_json(without_gil([&] { return s.store(req); })));
      }, "Stores a new document as its version 1.")
      .def("save_version", [](const DocumentService& s, const std::string& id, py::kwargs kw) {
        auto req = new_document_version_from_json(kwargs_json(kw));
        return make_record("Document", to_json(without_gil([&] { return s.save_version(id, req); })));
      }, py::arg("document_id"), "save_version(document_id, content, title=None, ...) -> the next version; "
                                 "ConflictError when document_id is not the newest")
      .def("get", [](const DocumentService& s, const std::string& id) {
        return make_record("Document", to_json(without_gil([&] { return s.get(id); })));
      }, py::arg("document_id"))
      .def("content", [](const DocumentService& s, const std::string& id) {
        return without_gil([&] { return s.content(id); });
      }, py::arg("document_id"), "The content, verified against its hash.")
      .def("versions", [](const DocumentService& s, const std::string& id) {
        return make_records("Document", without_gil([&] { return s.versions(id); }));
      }, py::arg("document_id"))
      .def("list", [](const DocumentService& s, const py::kwargs& kw) {
        auto q = document_query_from_json(kwargs_json(kw));
        return make_page(without_gil([&] { return s.list(q); }), "Document");
      }, "A page of documents; each filter takes one value or several.")
      .def("submit", [](const DocumentService& s, const std::string& id) {
        return make_record("Document", to_json(without_gil([&] { return s.submit(id); })));
      }, py::arg("document_id"))
      .def("approve", [](const DocumentService& s, const std::string& id, std::optional<std::string> by) {
        return make_record("Document", to_json(without_gil([&] { return s.approve(id, by); })));
      }, py::arg("document_id"), py::arg("approved_by") = py::none())
      .def("reject", [](const DocumentService& s, const std::string& id, const std::string& reason,
                        std::optional<std::string> by) {
        return make_record("Document", to_json(without_gil([&] { return s.reject(id, reason, by); })));
      }, py::arg("document_id"), py::arg("reason"), py::arg("rejected_by") = py::none())
      .def("presigned_url", [](const DocumentService& s, const std::string& id, int expires) {
        return without_gil([&] { return s.presigned_url(id, expires); });
      }, py::arg("document_id"), py::arg("expires") = 3600)
      .def("requirements", [](const DocumentService& s, const std::string& id) {
        return make_records("Requirement", without_gil([&] { return s.requirements(id); }));
      }, py::arg("document_id"))
      .def("link_requirement", [](const DocumentService& s, const std::string& id, const std::string& req, const std::string& task) {
        return make_record("Requirement", to_json(without_gil([&] { return s.link_requirement(id, req, task); })));
      }, py::arg("document_id"), py::arg("requirement_id"), py::arg("task_id"))
      .def("unlink_requirement", [](const DocumentService& s, const std::string& id, const std::string& req, const std::string& task) {
        return make_record("Requirement", to_json(without_gil([&] { return s.unlink_requirement(id, req, task); })));
      }, py::arg("document_id"), py::arg("requirement_id"), py::arg("task_id"))
      .def("requirements_for_task", [](const DocumentService& s, const std::string& task) {
        return make_records("Requirement", without_gil([&] { return s.requirements_for_task(task); }));
      }, py::arg("task_id"))
      .def("require_approval", [](const DocumentService& s, const std::string& task, const std::string& id) {
        return make_record("ApprovalGate", to_json(without_gil([&] { return s.require_approval(task, id); })));
      }, py::arg("task_id"), py::arg("document_id"), "The task is not ready until some version of the document is approved.")
      .def("remove_approval_gate", [](const DocumentService& s, const std::string& task, const std::string& id) {
        without_gil([&] { s.remove_approval_gate(task, id); return 0; });
      }, py::arg("task_id"), py::arg("document_id"))
      .def("approval_gates", [](const DocumentService& s, const std::string& task) {
        return make_records("ApprovalGate", without_gil([&] { return s.approval_gates(task); }));
      }, py::arg("task_id"));

  m.def("extract_requirements", [](const std::string& markdown) { return from_json_value(to_json(extract_requirements(markdown))); },
        py::arg("markdown"), "{requirements: [...], by_category: {...}, total}: REQ-ids, EARS sentences, category, priority.");
  m.def("ears_pattern", [](const std::string& sentence) { return ears_pattern(sentence); }, py::arg("sentence"));
  keyword_requests(m, "DocumentService", {{"store", "NewDocument"}, {"save_version", "NewDocumentVersion"}, {"list", "DocumentQuery"}});
}

}  // namespace dagboard::python
