#pragma once
// Reading the golden files (tests/golden/*.json, written by generate.py and generate_nn.py) and
// comparing xgrad's tensors with them: dtype names, a case's "args", {shape, dtype, values} tensors,
// and value comparison within |a - b| <= rtol |b| + atol (integers, bools, dtypes, shapes exactly).
#include <xgrad/xgrad.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "json.h"
#include "test_helpers.h"

namespace golden {

using test_helpers::shape_str;
using xgrad::Scalar;
using xgrad::ScalarType;
using xgrad::Tensor;
using Tensors = std::vector<Tensor>;

inline const std::map<std::string, ScalarType>& dtype_names() {
  static const std::map<std::string, ScalarType> names = {{"float32", xgrad::kFloat}, {"float64", xgrad::kDouble},
                                                          {"int64", xgrad::kLong},    {"uint8", xgrad::kByte},
                                                          {"bool", xgrad::kBool}};
  return names;
}

inline ScalarType dtype_of(const std::string& name) {
  auto it = dtype_names().find(name);
  if (it == dtype_names().end()) throw json::Error("unknown dtype \"" + name + "\"");
  return it->second;
}

inline std::string dtype_name(ScalarType t) {
  for (const auto& [name, dtype] : dtype_names())
    if (dtype == t) return name;
  return xgrad::toString(t);
}

inline std::vector<int64_t> int_list(const json::Value& v) {
  std::vector<int64_t> out;
  for (const auto& x : v.as_array()) out.push_back(x.as_int());
  return out;
}

/// A case's "args" object, read strictly: a missing or mistyped argument throws.
class Args {
 public:
  explicit Args(const json::Value& v) : v_(v) {}
  const json::Value& operator[](const char* key) const { return v_[key]; }
  int64_t i(const char* key) const { return v_[key].as_int(); }
  bool b(const char* key) const { return v_[key].as_bool(); }
  double d(const char* key) const { return v_[key].as_double(); }
  const std::string& s(const char* key) const { return v_[key].as_string(); }
  std::vector<int64_t> ints(const char* key) const { return int_list(v_[key]); }
  std::optional<int64_t> opt_i(const char* key) const {
    return v_[key].is_null() ? std::nullopt : std::optional<int64_t>(i(key));
  }
  /// Integer literals give an integral Scalar, others a floating one (type promotion depends on it);
  /// "inf" and "-inf" stand for the infinities JSON cannot write.
  Scalar scalar(const char* key) const {
    const json::Value& v = v_[key];
    if (v.is_string()) {
      if (v.as_string() == "inf") return Scalar(INFINITY);
      if (v.as_string() == "-inf") return Scalar(-INFINITY);
      throw json::Error(std::string("bad scalar for \"") + key + "\": " + v.as_string());
    }
    return v.is_integer() ? Scalar(v.as_int()) : Scalar(v.as_double());
  }
  std::optional<Scalar> opt_scalar(const char* key) const {
    return v_[key].is_null() ? std::nullopt : std::optional<Scalar>(scalar(key));
  }
  ScalarType dtype(const char* key) const { return dtype_of(v_[key].as_string()); }
  std::optional<ScalarType> opt_dtype(const char* key) const {
    return v_[key].is_null() ? std::nullopt : std::optional<ScalarType>(dtype(key));
  }

 private:
  const json::Value& v_;
};

// ---- tensors in and out of JSON ----

template <typename T>
T element(const json::Value& v) {
  if constexpr (std::is_same<T, bool>::value) {
    return v.as_bool();
  } else if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(v.as_double());  // exact: the file holds float32 values widened to double
  } else {
    int64_t i = v.as_int();
    if (static_cast<int64_t>(static_cast<T>(i)) != i) throw json::Error("integer out of range: " + std::to_string(i));
    return static_cast<T>(i);
  }
}

template <typename T>
Tensor from_json_typed(const json::Value& values, const std::vector<int64_t>& shape, ScalarType dtype) {
  const auto& list = values.as_array();
  T* data = new T[list.size() ? list.size() : 1];
  Tensor t = xgrad::from_blob(data, shape, [](void* p) { delete[] static_cast<T*>(p); }, dtype);
  for (size_t k = 0; k < list.size(); ++k) data[k] = element<T>(list[k]);
  return t;
}

/// A fresh contiguous tensor holding a {shape, dtype, values} object.
inline Tensor from_json(const json::Value& j) {
  std::vector<int64_t> shape = int_list(j["shape"]);
  int64_t numel = 1;
  for (int64_t s : shape) numel *= s;
  if (static_cast<int64_t>(j["values"].as_array().size()) != numel)
    throw json::Error("tensor with " + std::to_string(j["values"].as_array().size()) + " values for shape " +
                      shape_str(shape));
  ScalarType dtype = dtype_of(j["dtype"].as_string());
  switch (dtype) {
    case xgrad::kFloat: return from_json_typed<float>(j["values"], shape, dtype);
    case xgrad::kDouble: return from_json_typed<double>(j["values"], shape, dtype);
    case xgrad::kLong: return from_json_typed<int64_t>(j["values"], shape, dtype);
    case xgrad::kByte: return from_json_typed<uint8_t>(j["values"], shape, dtype);
    case xgrad::kBool: return from_json_typed<bool>(j["values"], shape, dtype);
  }
  throw json::Error("unhandled dtype");
}

template <typename T>
std::vector<T> values_of(const Tensor& t) {
  Tensor c = t.detach().contiguous();
  const T* p = c.data_ptr<T>();
  return std::vector<T>(p, p + c.numel());
}

struct Tolerance {
  double rtol, atol;
};

/// Empty if the values agree; otherwise how many differ, the worst one, and the tolerance.
template <typename T>
std::string compare_values(const Tensor& actual, const json::Value& expected, Tolerance tol) {
  std::vector<T> got = values_of<T>(actual);
  const auto& want = expected.as_array();
  std::ostringstream out;
  out.precision(10);
  if constexpr (std::is_floating_point<T>::value) {
    size_t bad = 0, worst = 0;
    double worst_excess = 0;
    for (size_t k = 0; k < got.size(); ++k) {
      double g = got[k], w = want[k].as_double();
      double excess = g == w ? 0 : std::abs(g - w) / (tol.rtol * std::abs(w) + tol.atol);  // 0 / 0 with no tolerance
      if (!(excess <= 1)) {  // a NaN fails too
        if (bad == 0 || !(excess <= worst_excess)) {
          worst = k;
          worst_excess = excess;
        }
        ++bad;
      }
    }
    if (bad)
      out << bad << " of " << got.size() << " values differ; worst at flat index " << worst << ": got " << got[worst]
          << ", want " << want[worst].as_double() << " (|a-b| <= " << tol.rtol << "|b| + " << tol.atol << ", "
          << worst_excess << " times that)";
  } else {
    size_t bad = 0, first = 0;
    for (size_t k = 0; k < got.size(); ++k)
      if (got[k] != element<T>(want[k]) && bad++ == 0) first = k;
    if (bad)
      out << bad << " of " << got.size() << " values differ; first at flat index " << first << ": got "
          << +got[first] << ", want " << +element<T>(want[first]);
  }
  return out.str();
}

/// Empty if `actual` has the expected dtype, shape and values; otherwise what differs, named `what`.
inline std::string compare(const Tensor& actual, const json::Value& expected, const std::string& what,
                           Tolerance tol) {
  if (!actual.defined()) return what + ": undefined tensor";
  ScalarType dtype = dtype_of(expected["dtype"].as_string());
  if (actual.scalar_type() != dtype)
    return what + ": dtype " + dtype_name(actual.scalar_type()) + ", want " + dtype_name(dtype);
  std::vector<int64_t> shape = int_list(expected["shape"]);
  if (!(actual.sizes() == shape)) return what + ": shape " + shape_str(actual.sizes()) + ", want " + shape_str(shape);
  std::string diff;
  switch (dtype) {
    case xgrad::kFloat: diff = compare_values<float>(actual, expected["values"], tol); break;
    case xgrad::kDouble: diff = compare_values<double>(actual, expected["values"], tol); break;
    case xgrad::kLong: diff = compare_values<int64_t>(actual, expected["values"], tol); break;
    case xgrad::kByte: diff = compare_values<uint8_t>(actual, expected["values"], tol); break;
    case xgrad::kBool: diff = compare_values<bool>(actual, expected["values"], tol); break;
  }
  return diff.empty() ? diff : what + " " + shape_str(shape) + ": " + diff;
}

/// float32 accuracy (rtol 1e-5, atol 1e-6) if any of the tensors is float32, else float64's (1e-10, 1e-12):
/// a float64 result computed through float32 is only float32-accurate.
inline Tolerance tolerance_for(std::initializer_list<const std::vector<json::Value>*> tensor_lists) {
  bool float32 = false;
  for (const auto* list : tensor_lists)
    for (const auto& j : *list) float32 |= !j.is_null() && j["dtype"].as_string() == "float32";
  return float32 ? Tolerance{1e-5, 1e-6} : Tolerance{1e-10, 1e-12};
}

/// A golden file, checked to hold the family it is named after and at least one case.
inline json::Value load_family(const std::string& family) {
  json::Value file = json::parse_file(std::string(XGRAD_GOLDEN_DIR) + "/" + family + ".json");
  if (file["family"].as_string() != family)
    throw json::Error(family + ".json: holds family \"" + file["family"].as_string() + "\"");
  if (file["cases"].as_array().empty()) throw json::Error(family + ".json: no cases");
  return file;
}

}  // namespace golden
