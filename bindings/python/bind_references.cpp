// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

py::list reference_list(const std::vector<Reference>& refs) {
  py::list out;
  for (const auto& r : refs) out.append(make_record("Reference", to_json(r)));
  return out;
}

}  // namespace

void bind_references(py::module_& m) {
  m.def("parse_references", [](const std::string& text) {
    return reference_list(without_gil([&] { return parse_references(text); }));
  }, py::arg("text"), "Every reference in a commit message or PR text: [Reference(kind, target, action, ...)]");
  m.def("parse_branch_references", [](const std::string& branch) {
    return reference_list(parse_branch_references(branch));
  }, py::arg("branch"));
  m.def("pull_request_reference", [](const std::string& title, const std::string& body,
                                     const std::string& branch) -> py::object {
    auto r = pull_request_reference(title, body, branch);
    return r ? make_record("Reference", to_json(*r)) : py::none();
  }, py::arg("title"), py::arg("body") = "", py::arg("branch") = "",
     "The ticket a pull request names: title first, then body, then branch (upstream's rule).");
}

}  // namespace dagboard::python
