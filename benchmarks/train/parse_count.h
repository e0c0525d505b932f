#pragma once
// The one command-line helper bench_train and bench_ops share: a whole-number option checked up front.
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>

inline int64_t parse_count(const std::string& flag, const std::string& value, int64_t min) {
  size_t used = 0;
  int64_t n = 0;
  try {
    n = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || used == 0 || n < min)
    throw std::invalid_argument(flag + " needs an integer >= " + std::to_string(min) + ", got '" + value + "'");
  return n;
}
