// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace dagboard::python {

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

}  // namespace dagboard::python
