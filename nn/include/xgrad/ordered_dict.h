#pragma once
// xgrad::OrderedDict<Key, Value>: a map that remembers insertion order, as torch::OrderedDict.
// Modules keep their parameters, buffers and children in one, so that parameters() and a
// checkpoint list them in the order they were registered.
//
// Items live in a vector (iteration yields Item, which has key(), value() and pair()); a hash map
// from key to position makes lookup O(1). Errors name the key and what kind of key it is
// (key_description: "Parameter 'weight' already defined").
#include <cstddef>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xgrad/error.h>

namespace xgrad {

template <typename Key, typename Value>
class OrderedDict {
 public:
  class Item {
   public:
    Item(Key key, Value value) : pair_(std::move(key), std::move(value)) {}
    Value& operator*() { return pair_.second; }
    const Value& operator*() const { return pair_.second; }
    Value* operator->() { return &pair_.second; }
    const Value* operator->() const { return &pair_.second; }
    const Key& key() const noexcept { return pair_.first; }
    Value& value() noexcept { return pair_.second; }
    const Value& value() const noexcept { return pair_.second; }
    const std::pair<Key, Value>& pair() const noexcept { return pair_; }

   private:
    std::pair<Key, Value> pair_;
  };

  using Iterator = typename std::vector<Item>::iterator;
  using ConstIterator = typename std::vector<Item>::const_iterator;

  /// key_description names the keys in error messages ("Key", "Parameter", "Submodule" ...).
  explicit OrderedDict(std::string key_description = "Key") : key_description_(std::move(key_description)) {}
  OrderedDict(std::initializer_list<Item> initializer_list) : OrderedDict("Key") {
    items_.reserve(initializer_list.size());
    for (const Item& item : initializer_list) insert(item.key(), item.value());
  }

  const std::string& key_description() const noexcept { return key_description_; }

  Item& front() { return items_.at(checked_index(0, "front")); }
  const Item& front() const { return items_.at(checked_index(0, "front")); }
  Item& back() { return items_.at(checked_index(items_.size() - 1, "back")); }
  const Item& back() const { return items_.at(checked_index(items_.size() - 1, "back")); }

  /// The index-th item in insertion order.
  Item& operator[](size_t index) { return items_[checked_index(index, "operator[]")]; }
  const Item& operator[](size_t index) const { return items_[checked_index(index, "operator[]")]; }

  /// The value under key; throws if there is none.
  Value& operator[](const Key& key) {
    if (Value* value = find(key)) return *value;
    throw Error("OrderedDict: " + key_description_ + " '" + key_string(key) + "' is not defined");
  }
  const Value& operator[](const Key& key) const {
    if (const Value* value = find(key)) return *value;
    throw Error("OrderedDict: " + key_description_ + " '" + key_string(key) + "' is not defined");
  }

  /// The value under key, or nullptr.
  Value* find(const Key& key) noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  const Value* find(const Key& key) const noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  bool contains(const Key& key) const noexcept { return index_.count(key) != 0; }

  Iterator begin() { return items_.begin(); }
  ConstIterator begin() const { return items_.begin(); }
  Iterator end() { return items_.end(); }
  ConstIterator end() const { return items_.end(); }

  size_t size() const noexcept { return items_.size(); }
  bool is_empty() const noexcept { return items_.empty(); }
  void reserve(size_t capacity) {
    items_.reserve(capacity);
    index_.reserve(capacity);
  }

  /// Appends key -> value; throws if key is already present.
  template <typename K, typename V>
  Value& insert(K&& key, V&& value) {
    if (contains(key))
      throw Error("OrderedDict: " + key_description_ + " '" + key_string(key) + "' already defined");
    items_.emplace_back(Key(std::forward<K>(key)), Value(std::forward<V>(value)));
    index_.emplace(items_.back().key(), items_.size() - 1);
    return items_.back().value();
  }
  Value& insert(Key key, Value&& value) { return insert<Key, Value>(std::move(key), std::move(value)); }

  /// Inserts every item of other (in its order); throws on the first duplicate key.
  void update(OrderedDict&& other) {
    reserve(size() + other.size());
    for (Item& item : other.items_) insert(item.key(), std::move(item.value()));
  }
  void update(const OrderedDict& other) {
    reserve(size() + other.size());
    for (const Item& item : other.items_) insert(item.key(), item.value());
  }

  /// Removes key (keeping the others' order); throws if it is absent.
  void erase(const Key& key) {
    auto it = index_.find(key);
    if (it == index_.end())
      throw Error("OrderedDict: " + key_description_ + " '" + key_string(key) + "' is not defined");
    const size_t position = it->second;
    index_.erase(it);
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(position));
    for (auto& entry : index_)
      if (entry.second > position) --entry.second;
  }

  void clear() {
    items_.clear();
    index_.clear();
  }

  const std::vector<Item>& items() const noexcept { return items_; }
  std::vector<Key> keys() const {
    std::vector<Key> result;
    result.reserve(items_.size());
    for (const Item& item : items_) result.push_back(item.key());
    return result;
  }
  std::vector<Value> values() const {
    std::vector<Value> result;
    result.reserve(items_.size());
    for (const Item& item : items_) result.push_back(item.value());
    return result;
  }
  std::vector<std::pair<Key, Value>> pairs() const {
    std::vector<std::pair<Key, Value>> result;
    result.reserve(items_.size());
    for (const Item& item : items_) result.push_back(item.pair());
    return result;
  }

 private:
  static std::string key_string(const Key& key) {
    if constexpr (std::is_convertible<const Key&, std::string>::value) {
      return std::string(key);
    } else if constexpr (std::is_arithmetic<Key>::value) {
      return std::to_string(key);
    } else {
      return "<key>";
    }
  }
  size_t checked_index(size_t index, const char* what) const {
    if (items_.empty()) throw Error(std::string("OrderedDict::") + what + ": called on an empty OrderedDict");
    if (index >= items_.size())
      throw Error(std::string("OrderedDict::") + what + ": index " + std::to_string(index) +
                  " is out of bounds (size " + std::to_string(items_.size()) + ")");
    return index;
  }

  std::string key_description_;
  std::vector<Item> items_;
  std::unordered_map<Key, size_t> index_;
};

/// Same keys and values in the same order (Value needs operator==, so not for Tensor values).
template <typename Key, typename Value>
bool operator==(const OrderedDict<Key, Value>& a, const OrderedDict<Key, Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i].key() == b[i].key()) || !(a[i].value() == b[i].value())) return false;
  return true;
}

}  // namespace xgrad
