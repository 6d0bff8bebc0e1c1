// SPDX-License-Identifier: Apache-2.0

#include "bind.hpp"

#include <cmath>
#include <set>

#include <dagboard/limits.hpp>

namespace DAGBOARD_NAMESPACE::python {

namespace {

// Python values become JSON with the library's limits (limits.hpp) checked on the way, so a
// cycle, a deep nesting, an int beyond 64 bits or a NaN is a ValidationError naming the
// argument, never a crash. `path` holds the containers being converted (cycle detection).
class ToJson {
 public:
  explicit ToJson(std::string field) : field_(std::move(field)) {}

  Json convert(const py::handle& v, int depth) {
    if (depth > kMaxJsonDepth)
      throw ValidationError(field_, field_ + " nests deeper than " + std::to_string(kMaxJsonDepth) +
                                        " levels");
    if (v.is_none()) return nullptr;
    if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
    if (py::isinstance<py::int_>(v)) return integer(v);
    if (py::isinstance<py::float_>(v)) return number(v.cast<double>());
    if (py::isinstance<py::str>(v)) return v.cast<std::string>();
    if (py::isinstance<py::dict>(v) || py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v))
      return container(v, depth);
    if (py::hasattr(v, "isoformat") && py::hasattr(v, "tzinfo"))  // datetime.datetime
      return v.attr("isoformat")().cast<std::string>();
    throw ValidationError(field_, field_ + ": unsupported value of type " +
                                      py::str(v.get_type().attr("__name__")).cast<std::string>());
  }

 private:
  Json integer(const py::handle& v) {
    int overflow = 0;
    long long n = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (overflow != 0)
      throw ValidationError(field_, field_ + " holds an integer beyond 64 bits");
    return n;
  }

  Json number(double d) {
    if (!std::isfinite(d))
      throw ValidationError(field_, field_ + " holds a number that is not finite (NaN or infinity)");
    return d;
  }

  Json container(const py::handle& v, int depth) {
    const void* id = v.ptr();
    if (!path_.insert(id).second)
      throw ValidationError(field_, field_ + " contains itself (a cycle)");
    Json out;
    if (py::isinstance<py::dict>(v)) {
      out = Json::object();
      for (auto item : v.cast<py::dict>()) {
        if (!py::isinstance<py::str>(item.first))
          throw ValidationError(field_, field_ + ": dictionary keys must be strings");
        out[item.first.cast<std::string>()] = convert(item.second, depth + 1);
      }
    } else {
      out = Json::array();
      for (auto item : v) out.push_back(convert(item, depth + 1));
    }
    path_.erase(id);
    return out;
  }

  std::string field_;
  std::set<const void*> path_;
};

}  // namespace

Json to_json_value(const py::handle& v, const std::string& field) {
  Json out = ToJson(field).convert(v, 1);
  check_json_value(field, out);  // the size limit, and the same rules as every other door
  return out;
}

Json kwargs_json(const py::kwargs& kwargs) {
  Json out = Json::object();
  for (auto item : kwargs) {
    auto key = item.first.cast<std::string>();
    out[key] = to_json_value(item.second, key);
  }
  return out;
}

namespace {

py::object from_json_at(const Json& v, int depth);

}  // namespace

py::object from_json_value(const Json& v) { return from_json_at(v, 1); }

namespace {

py::object from_json_at(const Json& v, int depth) {
  // Values come in through the limits; this bound keeps a value stored before them (or by
  // hand) from exhausting the stack.
  if (depth > kMaxDocumentDepth)
    throw ValidationError("value", "a value nests deeper than " + std::to_string(kMaxDocumentDepth) +
                                       " levels");
  switch (v.type()) {
    case Json::value_t::null: return py::none();
    case Json::value_t::boolean: return py::bool_(v.get<bool>());
    case Json::value_t::number_integer: return py::int_(v.get<long long>());
    case Json::value_t::number_unsigned: return py::int_(v.get<unsigned long long>());
    case Json::value_t::number_float: return py::float_(v.get<double>());
    case Json::value_t::string: return py::str(v.get_ref<const std::string&>());
    case Json::value_t::array: {
      py::list out;
      for (const auto& item : v) out.append(from_json_at(item, depth + 1));
      return out;
    }
    case Json::value_t::object: {
      py::dict out;
      for (const auto& [key, item] : v.items()) out[py::str(key)] = from_json_at(item, depth + 1);
      return out;
    }
    default: return py::none();
  }
}

}  // namespace

void keyword_requests(py::module_& m, const char* cls_name,
                      std::initializer_list<std::pair<const char*, const char*>> methods) {
  py::dict table;
  for (const auto& [method, request] : methods) table[method] = request;
  m.attr(cls_name).attr("_keyword_requests") = table;
}

py::object make_record(const char* type_name, const Json& data) {
  py::object cls = py::module_::import("dagboard._records").attr(type_name);
  return cls(from_json_value(data));
}

}  // namespace dagboard::python
