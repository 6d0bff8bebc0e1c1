// SPDX-License-Identifier: Apache-2.0
#include <dagboard/sigv4.hpp>

#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

sigv4::Request request_of(const std::string& method, const std::string& host, const std::string& path,
                          const Pairs& query, const Pairs& headers, const std::string& payload) {
  return {method, host, path, query, headers, payload};
}

Timestamp time_of(const std::string& iso) {
  auto t = parse_iso8601(iso);
  if (!t) throw ValidationError("when", "when must be an ISO 8601 time");
  return *t;
}

}  // namespace

void bind_sigv4(py::module_& m) {
  m.def("sigv4_sign", [](const std::string& method, const std::string& host, const std::string& path,
                         const Pairs& query, const Pairs& headers, const std::string& payload_sha256,
                         const std::string& access_key_id, const std::string& secret_access_key,
                         const std::string& region, const std::string& when, std::optional<std::string> session_token,
                         const std::string& service) {
    auto s = sigv4::sign(request_of(method, host, path, query, headers, payload_sha256),
                         {access_key_id, secret_access_key, session_token}, region, time_of(when), service);
    py::dict out;
    out["canonical_request"] = s.canonical_request;
    out["string_to_sign"] = s.string_to_sign;
    out["signature"] = s.signature;
    out["authorization"] = s.authorization;
    out["headers"] = s.headers;
    return out;
  }, py::arg("method"), py::arg("host"), py::arg("path"), py::arg("query"), py::arg("headers"),
     py::arg("payload_sha256"), py::arg("access_key_id"), py::arg("secret_access_key"), py::arg("region"),
     py::arg("when"), py::arg("session_token") = py::none(), py::arg("service") = "s3",
     "AWS Signature Version 4 (header form) as the document store computes it.");
  m.def("sigv4_presign", [](const std::string& method, const std::string& host, const std::string& path,
                            const Pairs& query, const std::string& access_key_id, const std::string& secret_access_key,
                            const std::string& region, const std::string& when, int expires,
                            std::optional<std::string> session_token, const std::string& scheme) {
    auto p = sigv4::presign(request_of(method, host, path, query, {}, "UNSIGNED-PAYLOAD"),
                            {access_key_id, secret_access_key, session_token}, region, time_of(when), expires, scheme);
    py::dict out;
    out["url"] = p.url;
    out["canonical_request"] = p.canonical_request;
    out["string_to_sign"] = p.string_to_sign;
    out["signature"] = p.signature;
    return out;
  }, py::arg("method"), py::arg("host"), py::arg("path"), py::arg("query"), py::arg("access_key_id"),
     py::arg("secret_access_key"), py::arg("region"), py::arg("when"), py::arg("expires") = 3600,
     py::arg("session_token") = py::none(), py::arg("scheme") = "https", "A SigV4 pre-signed URL.");
}

}  // namespace dagboard::python
