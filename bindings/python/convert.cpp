// SPDX-License-Identifier: Apache-2.0

#include "bind.hpp"

namespace dagboard::python {

Json to_json_value(const py::handle& v) {
  if (v.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
  if (py::isinstance<py::int_>(v)) return v.cast<long long>();
  if (py::isinstance<py::float_>(v)) return v.cast<double>();
  if (py::isinstance<py::str>(v)) return v.cast<std::string>();
  if (py::isinstance<py::dict>(v)) {
    Json out = Json::object();
    for (auto item : v.cast<py::dict>()) {
      if (!py::isinstance<py::str>(item.first))
        throw ValidationError("body", "dictionary keys must be strings");
      out[item.first.cast<std::string>()] = to_json_value(item.second);
    }
    return out;
  }
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    Json out = Json::array();
    for (auto item : v) out.push_back(to_json_value(item));
    return out;
  }
  if (py::hasattr(v, "isoformat") && py::hasattr(v, "tzinfo")) {  // datetime.datetime
    return v.attr("isoformat")().cast<std::string>();
  }
  throw ValidationError("body", "unsupported value of type " +
                                    py::str(v.get_type().attr("__name__")).cast<std::string>());
}

Json kwargs_json(const py::kwargs& kwargs) {
  Json out = Json::object();
  for (auto item : kwargs) out[item.first.cast<std::string>()] = to_json_value(item.second);
  return out;
}

py::object from_json_value(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return py::none();
    case Json::value_t::boolean: return py::bool_(v.get<bool>());
    case Json::value_t::number_integer: return py::int_(v.get<long long>());
    case Json::value_t::number_unsigned: return py::int_(v.get<unsigned long long>());
    case Json::value_t::number_float: return py::float_(v.get<double>());
    case Json::value_t::string: return py::str(v.get_ref<const std::string&>());
    case Json::value_t::array: {
      py::list out;
      for (const auto& item : v) out.append(from_json_value(item));
      return out;
    }
    case Json::value_t::object: {
      py::dict out;
      for (const auto& [key, item] : v.items()) out[py::str(key)] = from_json_value(item);
      return out;
    }
    default: return py::none();
  }
}

py::object make_record(const char* type_name, const Json& data) {
  py::object cls = py::module_::import("dagboard._records").attr(type_name);
  return cls(from_json_value(data));
}

}  // namespace dagboard::python
