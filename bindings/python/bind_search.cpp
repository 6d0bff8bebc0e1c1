// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_search(py::module_& m) {
  py::class_<SearchService>(m, "SearchService",
                            "Global search over tickets, tasks, commits, agents and documents "
                            "(docs/search.md). The GIL is released in every call.")
      .def(
          "search",
          [](const SearchService& s, const std::string& q, py::kwargs kw) {
            Json j = kwargs_json(kw);
            j["q"] = q;
            SearchQuery query = search_query_from_json(j);
            return from_json_value(to_json(without_gil([&] { return s.search(query); })));
          },
          py::arg("q"),
          "{q, words, total, exact, "
          "tickets, tasks, commits, agents, documents}: each group {total, items, next_cursor}, "
          "items best first with a snippet and the marks of the matched words. Unknown filters "
          "raise ValidationError.")
      .def(
          "rebuild",
          [](const SearchService& s) {
            return from_json_value(to_json(without_gil([&] { return s.rebuild(); })));
          },
          "Rewrites the whole index from the records: {documents}.");
  keyword_requests(m, "SearchService", {{"search", "SearchQuery"}});
}

}  // namespace dagboard::python
